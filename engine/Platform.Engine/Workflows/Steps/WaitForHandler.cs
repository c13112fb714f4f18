using System.Text.Json.Nodes;
using Platform.Engine.Formulas;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Engine.Workflows.Steps;

/// <summary>
/// Waits for a condition on the run's record: it goes on at once when it holds; else the run stays, woken by each change
/// of the record to look again, until the deadline set when the step first ran, and then takes the timed-out way.
/// </summary>
internal sealed class WaitForHandler : StepHandler<WaitForStep>
{
    protected override void Check(WaitForStep step, WorkflowCheck check, string place)
    {
        check.Formula(step.Condition, $"{place}.condition", FormulaType.Boolean);
        if (step.Timeout is not { } timeout) check.Error($"{place}.timeout", "required");
        else if (timeout.Length <= TimeSpan.Zero || timeout.Length.TotalDays > 3660) check.Error($"{place}.timeout", "workflow.offsetRange");
    }

    protected override Task<StepOutcome> RunAsync(WaitForStep step, StepContext context, CancellationToken ct)
    {
        context.RequireRecord(step.Id);
        if (context.Evaluate(step.Condition, $"{step.Id}.condition") is true) return Task.FromResult(new StepOutcome(new JsonObject { ["held"] = true }));
        var now = context.Script.Now.UtcDateTime;
        var deadline = context.WaitDeadline ?? now + step.Timeout!.Length;
        if (deadline <= now)
            return Task.FromResult(step.TimedOut is null or WorkflowStep.End
                ? new StepOutcome(new JsonObject { ["timedOut"] = true }) { ChoseEnd = true }
                : new StepOutcome(new JsonObject { ["timedOut"] = true }) { Chosen = step.TimedOut });
        return Task.FromResult(new StepOutcome(new JsonObject { ["until"] = deadline.ToString("O") }) { Stays = true, WaitUntil = deadline, WakesOnChange = true });
    }

    /// <summary>A simulation says whether the condition holds now, and goes on as if it came to.</summary>
    protected override Task<StepOutcome> SimulateAsync(WaitForStep step, StepContext context, CancellationToken ct) =>
        Task.FromResult(new StepOutcome(new JsonObject { ["held"] = context.Evaluate(step.Condition, $"{step.Id}.condition") is true }));
}
