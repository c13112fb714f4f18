using System.Text.Json.Nodes;
using Platform.Engine.Forms;
using Platform.Engine.Records;
using Platform.Engine.Workflows.Approvals;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Engine.Workflows.Steps;

/// <summary>
/// Asks for an approval and waits for it. The first time the step runs it opens the approval (tasks and notifications,
/// in the step's transaction) and the run stays; it runs again when the approvers settle it, or when its due time comes
/// (a reminder, or the due time decides), and then leads the run along the way chosen.
/// </summary>
internal sealed class ApprovalHandler : StepHandler<ApprovalStep>
{
    private static readonly string[] Modes = [ApprovalStep.Any, ApprovalStep.All];
    private static readonly string[] OnDue = [ApprovalStep.Remind, ApprovalStep.Approve, ApprovalStep.Return];

    protected override void Check(ApprovalStep step, WorkflowCheck check, string place)
    {
        check.Recipients(step.Approvers, $"{place}.approvers", "workflow.noApprover");
        if (step.Mode is { } mode && !Modes.Contains(mode)) check.Error($"{place}.mode", "workflow.approvalMode", mode);
        check.Formula(step.Title, $"{place}.title", required: false);
        foreach (var (key, i) in step.Show.Select((k, i) => (k, i)))
            if (check.Form is { } form && !SystemFields.All.Contains(key) && form.FindField(key) is null) check.Error($"{place}.show[{i}]", "unknownField", key);
        if (step.Due is { } due && (due.Length <= TimeSpan.Zero || due.Length.TotalDays > 3660)) check.Error($"{place}.due", "workflow.offsetRange");
        if (step.OnDue is { } onDue && !OnDue.Contains(onDue)) check.Error($"{place}.onDue", "workflow.approvalOnDue", onDue);
        if (step.OnDue is not null && step.Due is null) check.Error($"{place}.due", "required");
    }

    protected override async Task<StepOutcome> RunAsync(ApprovalStep step, StepContext context, CancellationToken ct)
    {
        var approvals = context.Parts.Approvals;
        var now = context.Script.Now.UtcDateTime;
        var approval = await approvals.LockForStepAsync(context.Work, context.RunId, step.Id, ct);
        if (approval is null)
        {
            var approvers = await ApproversAsync(step, context, ct);
            var values = new JsonObject();
            var record = RecordJson.ToJson(context.Model, context.Record);
            foreach (var key in step.Show) values[key] = record[key]?.DeepClone();
            var opened = await approvals.OpenAsync(context.Work, new NewApproval(context.Model, context.Record.Id == 0 ? null : context.Record.Id, context.RunId,
                step.Id, Title(step, context), step.Mode ?? ApprovalStep.Any, context.Caller.UserId, values, now + step.Due?.Length, approvers), ct);
            return new StepOutcome(new JsonObject { ["approval"] = opened.Id, ["asked"] = Users(approvers) }) { Stays = true, WaitUntil = opened.DueAt };
        }
        if (approval.Status == ApprovalStatus.Pending)
        {
            if (approval.DueAt is not { } due || due > now)
                return new StepOutcome(new JsonObject { ["approval"] = approval.Id }) { Stays = true, WaitUntil = approval.DueAt };
            if (step.OnDue is null or ApprovalStep.Remind)
            {
                var next = now + step.Due!.Length;
                await approvals.RemindAsync(context.Work, approval, next, ct);
                return new StepOutcome(new JsonObject { ["approval"] = approval.Id, ["reminded"] = true }) { Stays = true, WaitUntil = next };
            }
            var settled = step.OnDue == ApprovalStep.Approve ? ApprovalStatus.Approved : ApprovalStatus.Returned;
            await approvals.SettleByDueAsync(context.Work, approval, settled, ct);
            approval = approval with { Status = settled };
        }
        var output = new JsonObject { ["approval"] = approval.Id, ["status"] = approval.Status };
        return approval.Status switch
        {
            ApprovalStatus.Approved => new StepOutcome(output),
            ApprovalStatus.Rejected => Way(step.Rejected, output),
            _ => Way(step.Returned, output),
        };
    }

    /// <summary>A simulation shows whom it would ask and goes on as if approved.</summary>
    protected override async Task<StepOutcome> SimulateAsync(ApprovalStep step, StepContext context, CancellationToken ct) =>
        new(new JsonObject { ["asked"] = Users(await ApproversAsync(step, context, ct)), ["title"] = Title(step, context), ["assumed"] = ApprovalStatus.Approved });

    private static StepOutcome Way(string? way, JsonObject output) =>
        way is null or WorkflowStep.End ? new StepOutcome(output) { ChoseEnd = true } : new StepOutcome(output) { Chosen = way };

    /// <summary>The active people to ask; with nobody to ask the step fails (for good: asking again would find nobody either).</summary>
    private static async Task<IReadOnlyList<long>> ApproversAsync(ApprovalStep step, StepContext context, CancellationToken ct)
    {
        var approvers = await context.Parts.Users.ActiveAmongAsync(await context.RecipientsAsync(step.Approvers, ct), ct);
        return approvers.Count > 0 ? approvers : throw new Validation.ValidationFailedException([new($"{step.Id}.approvers", "approval.nobody")]);
    }

    private static string Title(ApprovalStep step, StepContext context) =>
        step.Title is null ? context.Workflow.Name?.Resolve(System.Globalization.CultureInfo.InvariantCulture) ?? context.Workflow.Key : context.EvaluateText(step.Title, $"{step.Id}.title");

    private static JsonArray Users(IEnumerable<long> users) => new([.. users.Select(u => JsonValue.Create(u))]);
}
