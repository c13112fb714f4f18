using Platform.Engine.Users;
using Platform.Runtime.Auth;

namespace Platform.Runtime.Api;

/// <summary><c>/api/apps/{app}/forms/{form}/permissions</c>: what each role may do on a form (admins).</summary>
public static class PermissionsApi
{
    public static IEndpointRouteBuilder MapPermissionsApi(this IEndpointRouteBuilder app)
    {
        var permissions = app.MapGroup("/api/apps/{app}/forms/{form}/permissions").WithTags("Directory")
            .RequireAuthorization(AuthRegistration.AdminPolicy).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        permissions.MapGet("/", (string app, string form, PermissionService service, CancellationToken ct) => service.ListAsync(app, form, ct))
            .WithName("ListPermissions").WithSummary("Every role's permission on the form");
        permissions.MapPut("/{role}", async (string app, string form, string role, HttpContext context, PermissionService service) =>
            {
                var set = await service.SetAsync(app, role, form, await RequestJson.ReadAsync(context), context.RequestAborted);
                await context.AuditAsync("permission.set", $"{app}/{form}/{role}", set.Definition);
                return set;
            })
            .WithName("SetPermission")
            .WithSummary("Set a role's actions, row scopes for reading and writing, and field rights on the form")
            .Accepts<PermissionRequest>("application/json").ProducesValidationProblem();
        permissions.MapDelete("/{role}", async (string app, string form, string role, HttpContext context, PermissionService service) =>
        {
            await service.RemoveAsync(app, role, form, context.RequestAborted);
            await context.AuditAsync("permission.removed", $"{app}/{form}/{role}");
            return TypedResults.NoContent();
        }).WithName("RemovePermission").WithSummary("Take away a role's permission on the form");
        return app;
    }
}
