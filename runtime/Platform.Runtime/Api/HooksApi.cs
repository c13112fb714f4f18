using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Engine.Workflows.Hooks;

namespace Platform.Runtime.Api;

/// <summary>
/// <c>POST /hooks/{secret}</c>: another system starts a workflow with a JSON object (no sign-in: the secret address is
/// the credential). An <c>Idempotency-Key</c> header makes a call sent again start nothing new.
/// </summary>
public static class HooksApi
{
    public static string Address(string secret) => $"/hooks/{secret}";

    public static IEndpointRouteBuilder MapHooksApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/hooks/{secret}", ReceiveAsync).WithTags("Workflows").AllowAnonymous().WithName("ReceiveHook")
            .WithSummary("Start the workflow this secret address belongs to; the body's properties named like the form's fields are its input")
            .Accepts<System.Text.Json.Nodes.JsonObject>("application/json").ProducesProblem(404).ProducesValidationProblem();
        return app;
    }

    private static async Task<Accepted<HookReceipt>> ReceiveAsync(string secret, HttpContext context, HookService hooks)
    {
        var body = await RequestJson.ReadAsync(context);
        var key = context.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } given ? given : null;
        return TypedResults.Accepted((string?)null, await hooks.ReceiveAsync(secret, body, key, context.RequestAborted));
    }
}
