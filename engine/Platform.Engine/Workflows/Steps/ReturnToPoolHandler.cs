using System.Text.Json.Nodes;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Engine.Workflows.Steps;

/// <summary>
/// Puts the run's record back into the public pool (no owner), with the reason the pool's history keeps: the automatic
/// return of a lead nobody followed up. A record already in the pool is left as it is.
/// </summary>
internal sealed class ReturnToPoolHandler : StepHandler<ReturnToPoolStep>
{
    protected override void Check(ReturnToPoolStep step, WorkflowCheck check, string place) => check.Formula(step.Reason, $"{place}.reason", required: false);

    protected override async Task<StepOutcome> RunAsync(ReturnToPoolStep step, StepContext context, CancellationToken ct)
    {
        context.RequireRecord(step.Id);
        var owner = context.Record.Owner;
        if (owner is null) return new StepOutcome(new JsonObject { ["returned"] = false });
        var reason = step.Reason is null ? null : Convert.ToString(context.Evaluate(step.Reason, $"{step.Id}.reason"), System.Globalization.CultureInfo.InvariantCulture);
        await context.UpdateRecordAsync(Records.RecordService.OwnerPatch(null), ct, reason);
        return new StepOutcome(new JsonObject { ["returned"] = true, ["from"] = owner });
    }

    protected override Task<StepOutcome> SimulateAsync(ReturnToPoolStep step, StepContext context, CancellationToken ct)
    {
        context.RequireRecord(step.Id);
        var reason = step.Reason is null ? null : Convert.ToString(context.Evaluate(step.Reason, $"{step.Id}.reason"), System.Globalization.CultureInfo.InvariantCulture);
        return Task.FromResult(new StepOutcome(new JsonObject { ["returned"] = context.Record.Owner is not null, ["from"] = context.Record.Owner, ["reason"] = reason }));
    }
}
