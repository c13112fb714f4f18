using System.Security.Claims;
using Platform.Engine.Users;

namespace Platform.Runtime.Api;

/// <summary>Writes what a request did to the audit log, as the signed-in user (if any) from the request's address.</summary>
public static class Audit
{
    public static Task AuditAsync(this HttpContext context, string action, string? target = null, object? detail = null, long? userId = null) =>
        context.RequestServices.GetRequiredService<AuditLog>().WriteAsync(
            userId ?? (long.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null),
            action, target, detail, context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
}

/// <summary><c>GET /api/audit</c>: the audit log, newest first (admins). Nothing in the API changes an entry.</summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", (DateTime? from, DateTime? to, long? userId, string? action, long? before, int? size, AuditLog log, CancellationToken ct) =>
                log.QueryAsync(new AuditQuery(from?.ToUniversalTime(), to?.ToUniversalTime(), userId, action, before, size ?? 100), ct))
            .WithName("ListAudit").WithSummary("Sign-ins, failures, changes to people, roles and permissions, deletes: newest first; ?before=<id> pages")
            .WithTags("Directory").RequireAuthorization(Auth.AuthRegistration.AdminPolicy).ProducesProblem(401).ProducesProblem(403).ProducesValidationProblem();
        return app;
    }
}
