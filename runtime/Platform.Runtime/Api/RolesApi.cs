using Platform.Engine.Users;
using Platform.Runtime.Auth;

namespace Platform.Runtime.Api;

/// <summary><c>/api/apps/{app}/roles</c>: an app's roles and who holds them (admins).</summary>
public static class RolesApi
{
    public static IEndpointRouteBuilder MapRolesApi(this IEndpointRouteBuilder app)
    {
        var roles = app.MapGroup("/api/apps/{app}/roles").WithTags("Directory").RequireAuthorization(AuthRegistration.AdminPolicy)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        roles.MapGet("/", (string app, RoleService service, CancellationToken ct) => service.ListAsync(app, ct)).WithName("ListRoles").WithSummary("The app's roles and their members");
        roles.MapPost("/", CreateAsync).WithName("CreateRole").WithSummary("Add a role to the app")
            .Accepts<RoleRequest>("application/json").Produces<Role>(201).ProducesValidationProblem().ProducesProblem(409);
        roles.MapGet("/{role}", (string app, string role, RoleService service, CancellationToken ct) => service.GetAsync(app, role, ct))
            .WithName("GetRole").WithSummary("A role and its members");
        roles.MapPatch("/{role}", RenameAsync).WithName("RenameRole").WithSummary("Rename a role").Accepts<RoleRequest>("application/json").ProducesValidationProblem();
        roles.MapDelete("/{role}", async (string app, string role, HttpContext context, RoleService service) =>
        {
            await service.DeleteAsync(app, role, context.RequestAborted);
            await context.AuditAsync("role.deleted", $"{app}/{role}");
            return TypedResults.NoContent();
        }).WithName("DeleteRole").WithSummary("Delete a role");
        roles.MapPut("/{role}/members/{userId:long}", async (string app, string role, long userId, HttpContext context, RoleService service) =>
        {
            await service.AddMemberAsync(app, role, userId, context.RequestAborted);
            await context.AuditAsync("role.memberAdded", $"{app}/{role}", new { userId });
            return TypedResults.NoContent();
        }).WithName("AddRoleMember").WithSummary("Give a user the role").ProducesValidationProblem();
        roles.MapDelete("/{role}/members/{userId:long}", async (string app, string role, long userId, HttpContext context, RoleService service) =>
        {
            await service.RemoveMemberAsync(app, role, userId, context.RequestAborted);
            await context.AuditAsync("role.memberRemoved", $"{app}/{role}", new { userId });
            return TypedResults.NoContent();
        }).WithName("RemoveRoleMember").WithSummary("Take the role from a user");
        return app;
    }

    private static async Task<IResult> CreateAsync(string app, HttpContext context, RoleService roles)
    {
        var body = await JsonBody.ReadAsync(context, "key", "name");
        var (key, name) = (body.Text("key", required: true), body.Localized("name", required: true));
        body.ThrowIfInvalid();
        var created = await roles.CreateAsync(app, key!, name!, context.RequestAborted);
        await context.AuditAsync("role.created", $"{app}/{created.Key}");
        return TypedResults.Created($"/api/apps/{app}/roles/{created.Key}", created);
    }

    private static async Task<Role> RenameAsync(string app, string role, HttpContext context, RoleService roles)
    {
        var body = await JsonBody.ReadAsync(context, "name");
        var name = body.Localized("name", required: true);
        body.ThrowIfInvalid();
        return await roles.RenameAsync(app, role, name!, context.RequestAborted);
    }
}
