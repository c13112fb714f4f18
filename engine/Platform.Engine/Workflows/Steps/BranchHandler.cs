using Platform.Engine.Formulas;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Engine.Workflows.Steps;

/// <summary>If / else: the condition is a formula over the record; the run follows one of the two ways.</summary>
internal sealed class BranchHandler : StepHandler<BranchStep>
{
    protected override void Check(BranchStep step, WorkflowCheck check, string place) =>
        check.Formula(step.Condition, $"{place}.condition", FormulaType.Boolean);

    protected override Task<StepOutcome> RunAsync(BranchStep step, StepContext context, CancellationToken ct)
    {
        var holds = context.Evaluate(step.Condition, $"{step.Id}.condition") is true;
        var way = context.Workflow.Leads(step).ElementAt(holds ? 0 : 1);
        return Task.FromResult(new StepOutcome(new System.Text.Json.Nodes.JsonObject { ["condition"] = holds })
        {
            Chosen = way, ChoseEnd = way is null,
        });
    }
}
