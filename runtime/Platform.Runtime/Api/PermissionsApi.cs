using Platform.Engine.Users;
using Platform.Runtime.Auth;

namespace Platform.Runtime.Api;

/// <summary><c>/api/apps/{app}/forms/{form}/permissions</c>: what each role may do on a form (admins, and the form's managers).</summary>
public static class PermissionsApi
{
    public static IEndpointRouteBuilder MapPermissionsApi(this IEndpointRouteBuilder app)
    {
        // Admins, and the form's managers (the manage action) for what they hold themselves: the engine decides.
        var permissions = app.MapGroup("/api/apps/{app}/forms/{form}/permissions").WithTags("Directory")
            .RequireAuthorization().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        permissions.MapGet("/", async (string app, string form, HttpContext context, PermissionService service) =>
                await service.ListAsync(app, form, await context.CallerAsync(), context.RequestAborted))
            .WithName("ListPermissions").WithSummary("Every role's permission on the form (admins and the form's managers)");
        permissions.MapPut("/{role}", async (string app, string form, string role, HttpContext context, PermissionService service) =>
            {
                var body = await RequestJson.ReadAsync(context);
                var set = await service.SetAsync(app, role, form, body, await context.CallerAsync(), context.RequestAborted);
                await context.AuditAsync("permission.set", $"{app}/{form}/{role}", set.Definition);
                return set;
            })
            .WithName("SetPermission")
            .WithSummary("Set a role's actions, row scopes for reading and writing, and field rights on the form; a manager who is no admin gives no more than they hold")
            .Accepts<PermissionRequest>("application/json").ProducesValidationProblem();
        // Removing the last permission opens a form to everyone: admins only.
        permissions.MapDelete("/{role}", async (string app, string form, string role, HttpContext context, PermissionService service) =>
        {
            await service.RemoveAsync(app, role, form, context.RequestAborted);
            await context.AuditAsync("permission.removed", $"{app}/{form}/{role}");
            return TypedResults.NoContent();
        }).WithName("RemovePermission").WithSummary("Take away a role's permission on the form (admins)").RequireAuthorization(AuthRegistration.AdminPolicy);
        return app;
    }
}
