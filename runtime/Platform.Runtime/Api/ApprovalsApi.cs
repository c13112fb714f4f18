using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Engine.Workflows.Approvals;

namespace Platform.Runtime.Api;

/// <summary>
/// <c>/api/me/approvals</c>, the approvals waiting for me (or all I took part in), and <c>/api/approvals/{id}</c>: one
/// approval with its tasks, and deciding it: approve, reject, return (each with a comment; a reason for the last two)
/// or transfer to someone else.
/// </summary>
public static class ApprovalsApi
{
    public static IEndpointRouteBuilder MapApprovalsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me/approvals", MineAsync).WithTags("Approvals").RequireAuthorization().ProducesProblem(401).WithName("MyApprovals")
            .WithSummary("The approvals waiting for my decision, newest first (?all=true: every approval I was asked, ?before=&limit=)");
        var approvals = app.MapGroup("/api/approvals/{id:long}").WithTags("Approvals").RequireAuthorization().ProducesProblem(401).ProducesProblem(404);
        approvals.MapGet("/", GetAsync).WithName("GetApproval").WithSummary("An approval with each approver's task, for its approvers, its submitter and admins");
        foreach (var decision in ApprovalStatus.Decisions.Keys)
            approvals.MapPost($"/{decision}", (long id, HttpContext context, ApprovalService service) => DecideAsync(id, decision, context, service))
                .WithName($"{char.ToUpperInvariant(decision[0])}{decision[1..]}Approval")
                .WithSummary($"{char.ToUpperInvariant(decision[0])}{decision[1..]} my task: {{ \"comment\": \"...\" }}" + (decision == "approve" ? " (optional)" : " (required)"))
                .ProducesProblem(403).ProducesProblem(409).ProducesValidationProblem();
        approvals.MapPost("/transfer", TransferAsync).WithName("TransferApproval")
            .WithSummary("Hand my task to someone else: { \"to\": userId, \"comment\": \"...\" }").ProducesProblem(403).ProducesProblem(409).ProducesValidationProblem();
        return app;
    }

    private static async Task<Ok<IReadOnlyList<ApprovalInfo>>> MineAsync(bool? all, long? before, int? limit, HttpContext context, ApprovalService service) =>
        TypedResults.Ok(await service.MineAsync(context.UserId(), pendingOnly: all != true, before, limit ?? 50, context.RequestAborted));

    private static async Task<Ok<ApprovalInfo>> GetAsync(long id, HttpContext context, ApprovalService service) =>
        TypedResults.Ok(await service.GetAsync(id, await context.CallerAsync(), context.RequestAborted));

    private static async Task<Ok<ApprovalInfo>> DecideAsync(long id, string decision, HttpContext context, ApprovalService service)
    {
        var comment = await CommentAsync(context);
        return TypedResults.Ok(await service.DecideAsync(id, decision, comment, await context.CallerAsync(), context.RequestAborted));
    }

    private static async Task<Ok<ApprovalInfo>> TransferAsync(long id, HttpContext context, ApprovalService service)
    {
        var body = await JsonBody.ReadAsync(context, "to", "comment");
        var to = body.Id("to", required: true);
        var comment = body.Text("comment");
        body.ThrowIfInvalid();
        return TypedResults.Ok(await service.TransferAsync(id, to!.Value, comment, await context.CallerAsync(), context.RequestAborted));
    }

    /// <summary>The comment of a decision; approving may send no body at all.</summary>
    private static async Task<string?> CommentAsync(HttpContext context)
    {
        if (context.Request.ContentLength is 0 || context.Request.ContentLength is null && context.Request.ContentType is null) return null;
        var body = await JsonBody.ReadAsync(context, "comment");
        var comment = body.Text("comment");
        body.ThrowIfInvalid();
        return comment;
    }
}
