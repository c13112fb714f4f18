using System.Text.Json.Nodes;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Engine.Workflows.Steps;

/// <summary>Waits for a time or until a date: the run is put aside with its due time and taken again when it comes.</summary>
internal sealed class DelayHandler : StepHandler<DelayStep>
{
    protected override void Check(DelayStep step, WorkflowCheck check, string place)
    {
        var length = Length(step);
        if (step.Until is null == (length == TimeSpan.Zero) || length < TimeSpan.Zero || length.TotalDays > 3660) check.Error(place, "workflow.delay");
        check.Formula(step.Until, $"{place}.until", required: false);
    }

    protected override Task<StepOutcome> RunAsync(DelayStep step, StepContext context, CancellationToken ct)
    {
        var now = context.Script.Now.UtcDateTime;
        var until = step.Until is null ? now + Length(step) : context.EvaluateInstant(step.Until, $"{step.Id}.until") ?? now;
        return Task.FromResult(new StepOutcome(new JsonObject { ["until"] = until.ToString("O") }) { WaitUntil = until > now ? until : null });
    }

    private static TimeSpan Length(DelayStep step) => new(step.Days, step.Hours, step.Minutes, 0);
}
