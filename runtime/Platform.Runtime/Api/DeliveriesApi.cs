using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Engine.Notifications.Deliveries;
using Platform.Runtime.Auth;

namespace Platform.Runtime.Api;

/// <summary><c>/api/deliveries</c>: the email and group-robot messages sent or being sent, with why one failed; for admins.</summary>
public static class DeliveriesApi
{
    public static IEndpointRouteBuilder MapDeliveriesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/deliveries", ListAsync).WithTags("Notifications").RequireAuthorization(AuthRegistration.AdminPolicy).WithName("ListDeliveries")
            .WithSummary("Messages sent outside the app, newest first (?status=pending|sent|failed&before=&limit=)").ProducesProblem(401).ProducesProblem(403)
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<Ok<IReadOnlyList<DeliveryInfo>>> ListAsync(string? status, long? before, int? limit, HttpContext context, DeliveryService service) =>
        TypedResults.Ok(await service.ListAsync(status, before, limit ?? 50, context.RequestAborted));
}
