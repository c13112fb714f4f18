using Platform.Engine.Users;
using Platform.Runtime.Auth;

namespace Platform.Runtime.Api;

/// <summary>Who is signed in, with their departments and roles.</summary>
public sealed record MeResponse(UserProfile User, IReadOnlyList<DepartmentMember> Departments, IReadOnlyList<RoleRef> Roles);

public sealed record RoleRef(string App, string Role);

/// <summary>A new personal token: <c>token</c> is shown here and never again.</summary>
public sealed record PersonalTokenResponse(string Token, PersonalToken Info);

/// <summary>
/// The organisation: <c>/api/me</c> for everyone signed in; <c>/api/users</c> and <c>/api/departments</c> for admins.
/// Endpoints translate HTTP; the directory services decide.
/// </summary>
public static class DirectoryApi
{
    public static IEndpointRouteBuilder MapDirectoryApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/me").WithTags("Directory").RequireAuthorization().ProducesProblem(401);
        me.MapGet("/", MeAsync).WithName("GetMe").WithSummary("The signed-in user, their departments and roles");
        me.MapPatch("/", UpdateMeAsync).WithName("UpdateMe").WithSummary("Change your own name, phone, language or time zone")
            .Accepts<ProfileRequest>("application/json").ProducesValidationProblem();

        me.MapGet("/tokens", (HttpContext context, PersonalTokens tokens) => tokens.ListAsync(context.UserId(), context.RequestAborted))
            .WithName("ListPersonalTokens").WithSummary("Your personal API tokens (never the tokens themselves)");
        me.MapPost("/tokens", CreateTokenAsync).WithName("CreatePersonalToken")
            .WithSummary("A personal API token: named, for some apps or all, read-only or not, for 1–366 days; shown only in this answer")
            .Accepts<PersonalTokenRequest>("application/json").Produces<PersonalTokenResponse>(201).ProducesValidationProblem();
        me.MapDelete("/tokens/{id}", async (string id, HttpContext context, PersonalTokens tokens) =>
        {
            await tokens.RevokeAsync(context.UserId(), id, context.RequestAborted);
            await context.AuditAsync("token.revoked", $"token:{id}");
            return TypedResults.NoContent();
        }).WithName("RevokePersonalToken").WithSummary("Revoke one of your personal tokens: refused from the next call on").ProducesProblem(404);
        me.MapPost("/password", ChangePasswordAsync).WithName("ChangePassword")
            .WithSummary("Change your own password: every token of yours stops working, and the answer holds a new one")
            .Accepts<PasswordChangeRequest>("application/json").Produces<Auth.TokenResponse>().ProducesValidationProblem();

        var users = app.MapGroup("/api/users").WithTags("Directory").RequireAuthorization(AuthRegistration.AdminPolicy).ProducesProblem(401).ProducesProblem(403);
        users.MapGet("/", (UserService service, CancellationToken ct) => service.ListAsync(ct)).WithName("ListUsers").WithSummary("Every user");
        users.MapPost("/", CreateUserAsync).WithName("CreateUser").WithSummary("Add a user")
            .Accepts<NewUserRequest>("application/json").Produces<UserProfile>(201).ProducesValidationProblem().ProducesProblem(409);
        users.MapGet("/{id:long}", (long id, UserService service, CancellationToken ct) => service.GetAsync(id, ct))
            .WithName("GetUser").WithSummary("A user").ProducesProblem(404);
        users.MapPatch("/{id:long}", UpdateUserAsync).WithName("UpdateUser").WithSummary("Change a user's profile, or disable (active: false) or enable them")
            .Accepts<ProfileRequest>("application/json").ProducesValidationProblem().ProducesProblem(404);

        users.MapPost("/{id:long}/password", ResetPasswordAsync).WithName("ResetPassword")
            .WithSummary("Set a user's password: their tokens stop working and they must change it before anything else")
            .Accepts<PasswordResetRequest>("application/json").Produces(204).ProducesValidationProblem().ProducesProblem(404);

        var attributes = app.MapGroup("/api/user-attributes").WithTags("Directory").RequireAuthorization(AuthRegistration.AdminPolicy).ProducesProblem(401).ProducesProblem(403);
        attributes.MapGet("/", (UserAttributes service, CancellationToken ct) => service.ListAsync(ct)).WithName("ListUserAttributes")
            .WithSummary("The attributes of people an admin defined (a region, a cost centre), which scopes name as {\"me\": \"key\"}");
        attributes.MapPut("/{key}", async (string key, HttpContext context, UserAttributes service) =>
            {
                var body = await JsonBody.ReadAsync(context, "name");
                var name = body.Text("name", required: true);
                body.ThrowIfInvalid();
                var attribute = await service.SetAsync(key, name, context.RequestAborted);
                await context.AuditAsync("attribute.set", key);
                return attribute;
            })
            .WithName("SetUserAttribute").WithSummary("Define a user attribute, or rename it").Accepts<AttributeRequest>("application/json").ProducesValidationProblem();
        attributes.MapDelete("/{key}", async (string key, HttpContext context, UserAttributes service) =>
            {
                await service.DeleteAsync(key, context.RequestAborted);
                await context.AuditAsync("attribute.removed", key);
                return Results.NoContent();
            })
            .WithName("DeleteUserAttribute").WithSummary("Remove a user attribute no permission names").Produces(204).ProducesValidationProblem().ProducesProblem(404);

        var departments = app.MapGroup("/api/departments").WithTags("Directory").RequireAuthorization(AuthRegistration.AdminPolicy)
            .ProducesProblem(401).ProducesProblem(403);
        departments.MapGet("/", (DepartmentService service, CancellationToken ct) => service.ListAsync(ct)).WithName("ListDepartments")
            .WithSummary("Every department, each with its parent: the tree");
        departments.MapPost("/", CreateDepartmentAsync).WithName("CreateDepartment").WithSummary("Add a department under a parent, or at the top")
            .Accepts<DepartmentRequest>("application/json").Produces<Department>(201).ProducesValidationProblem();
        departments.MapGet("/{id:long}", (long id, DepartmentService service, CancellationToken ct) => service.GetAsync(id, ct))
            .WithName("GetDepartment").WithSummary("A department").ProducesProblem(404);
        departments.MapPatch("/{id:long}", UpdateDepartmentAsync).WithName("UpdateDepartment")
            .WithSummary("Rename, reorder or move a department with everything below it").Accepts<DepartmentRequest>("application/json")
            .ProducesValidationProblem().ProducesProblem(404);
        departments.MapDelete("/{id:long}", async (long id, HttpContext context, DepartmentService service) =>
        {
            await service.DeleteAsync(id, context.RequestAborted);
            await context.AuditAsync("department.deleted", $"department:{id}");
            return TypedResults.NoContent();
        }).WithName("DeleteDepartment").WithSummary("Delete a department with no departments under it").ProducesProblem(404).ProducesProblem(409);
        departments.MapGet("/{id:long}/members", (long id, DepartmentService service, CancellationToken ct) => service.MembersAsync(id, ct))
            .WithName("ListDepartmentMembers").WithSummary("The people in a department").ProducesProblem(404);
        departments.MapPut("/{id:long}/members/{userId:long}", SetMemberAsync).WithName("SetDepartmentMember")
            .WithSummary("Put a user in a department, as its manager or not, primary or not").Accepts<MemberRequest>("application/json")
            .ProducesValidationProblem().ProducesProblem(404);
        departments.MapDelete("/{id:long}/members/{userId:long}", async (long id, long userId, DepartmentService service, CancellationToken ct) =>
        {
            await service.RemoveMemberAsync(id, userId, ct);
            return TypedResults.NoContent();
        }).WithName("RemoveDepartmentMember").WithSummary("Take a user out of a department").ProducesProblem(404);
        return app;
    }

    private static async Task<MeResponse> MeAsync(HttpContext context, UserService users, DepartmentService departments, RoleService roles)
    {
        var id = context.UserId();
        var ct = context.RequestAborted;
        return new MeResponse(await users.GetAsync(id, ct), await departments.OfUserAsync(id, ct),
            (await roles.OfUserAsync(id, ct)).Select(r => new RoleRef(r.App, r.Role)).ToList());
    }

    private static async Task<UserProfile> UpdateMeAsync(HttpContext context, UserService users)
    {
        var body = await JsonBody.ReadAsync(context, "name", "phone", "locale", "timeZone");
        var change = Profile(body);
        body.ThrowIfInvalid();
        return await users.UpdateAsync(context.UserId(), change, context.RequestAborted);
    }

    private static async Task<IResult> CreateUserAsync(HttpContext context, UserService users)
    {
        var body = await JsonBody.ReadAsync(context, "email", "password", "name", "isAdmin", "phone", "locale", "timeZone");
        var (email, password, name, isAdmin) = (body.Text("email", required: true), body.Text("password", required: true), body.Text("name"), body.Flag("isAdmin"));
        var change = Profile(body);
        body.ThrowIfInvalid();
        var created = await users.CreateAsync(email!, password!, name, isAdmin ?? false, change, context.RequestAborted);
        var profile = await users.GetAsync(created.Id, context.RequestAborted);
        await context.AuditAsync("user.created", $"user:{profile.Id}", new { profile.Email, IsAdmin = isAdmin ?? false });
        return TypedResults.Created($"/api/users/{profile.Id}", profile);
    }

    private static async Task<UserProfile> UpdateUserAsync(long id, HttpContext context, UserService users)
    {
        // Attributes decide what a person sees (a scope may name their region): only an admin sets them, here.
        var body = await JsonBody.ReadAsync(context, "name", "phone", "locale", "timeZone", "active", "attributes");
        var change = Profile(body) with { Attributes = body.TextMap("attributes") };
        var active = body.Flag("active");
        body.ThrowIfInvalid();
        var profile = await users.UpdateAsync(id, change, context.RequestAborted);
        if (active is not { } value || value == profile.Active) return profile;
        await context.AuditAsync(value ? "user.enabled" : "user.disabled", $"user:{id}");
        return await users.SetActiveAsync(id, value, context.RequestAborted);
    }

    private static async Task<IResult> CreateTokenAsync(HttpContext context, PersonalTokens tokens)
    {
        var body = await JsonBody.ReadAsync(context, "name", "apps", "readOnly", "expiresInDays");
        var (name, apps, readOnly, days) = (body.Text("name", required: true), body.Texts("apps"), body.Flag("readOnly"), body.Id("expiresInDays"));
        body.ThrowIfInvalid();
        var (token, info) = await tokens.CreateAsync(context.UserId(), name, apps, readOnly ?? false, (int)Math.Min(days ?? 90, int.MaxValue), context.RequestAborted);
        context.Response.Headers.CacheControl = "no-store";
        await context.AuditAsync("token.created", $"token:{info.Id}", new { info.Name, info.Apps, info.ReadOnly });
        return TypedResults.Created($"/api/me/tokens/{info.Id}", new PersonalTokenResponse(token.Token, info));
    }

    private static async Task<Auth.TokenResponse> ChangePasswordAsync(HttpContext context, UserService users)
    {
        var body = await JsonBody.ReadAsync(context, "currentPassword", "newPassword");
        var (current, replacement) = (body.Text("currentPassword", required: true), body.Text("newPassword", required: true));
        body.ThrowIfInvalid();
        context.Response.Headers.CacheControl = "no-store";
        var token = await users.ChangePasswordAsync(context.UserId(), current!, replacement!, context.RequestAborted);
        await context.AuditAsync("password.changed", $"user:{token.UserId}");
        return new Auth.TokenResponse(token.Token, token.ExpiresAt);
    }

    private static async Task<IResult> ResetPasswordAsync(long id, HttpContext context, UserService users)
    {
        var body = await JsonBody.ReadAsync(context, "password");
        var password = body.Text("password", required: true);
        body.ThrowIfInvalid();
        await users.ResetPasswordAsync(id, password!, context.RequestAborted);
        await context.AuditAsync("password.reset", $"user:{id}");
        return TypedResults.NoContent();
    }

    private static ProfileChange Profile(JsonBody body) => new(body.Text("name"), body.Text("phone"), body.Text("locale"), body.Text("timeZone"));

    private static async Task<IResult> CreateDepartmentAsync(HttpContext context, DepartmentService departments)
    {
        var body = await JsonBody.ReadAsync(context, "name", "parentId", "sortOrder");
        var (name, parent, order) = (body.Text("name", required: true), body.Id("parentId"), body.Id("sortOrder"));
        body.ThrowIfInvalid();
        var created = await departments.CreateAsync(name!, parent, order ?? 0, context.RequestAborted);
        return TypedResults.Created($"/api/departments/{created.Id}", created);
    }

    /// <summary>Changes what the body sends; <c>"parentId": null</c> moves the department to the top.</summary>
    private static async Task<Department> UpdateDepartmentAsync(long id, HttpContext context, DepartmentService departments)
    {
        var body = await JsonBody.ReadAsync(context, "name", "parentId", "sortOrder");
        var (name, parent, order) = (body.Text("name"), body.Id("parentId"), body.Id("sortOrder"));
        body.ThrowIfInvalid();
        var current = await departments.GetAsync(id, context.RequestAborted);
        return await departments.UpdateAsync(id, name ?? current.Name, body.Has("parentId") ? parent : current.ParentId, order ?? current.SortOrder, context.RequestAborted);
    }

    private static async Task<DepartmentMember> SetMemberAsync(long id, long userId, HttpContext context, DepartmentService departments)
    {
        var body = await JsonBody.ReadAsync(context, "isPrimary", "isManager");
        var (primary, manager) = (body.Flag("isPrimary"), body.Flag("isManager"));
        body.ThrowIfInvalid();
        return await departments.SetMemberAsync(id, userId, primary, manager ?? false, context.RequestAborted);
    }
}
