using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Engine.Workflows.Steps;

/// <summary>Moves the run's record to a stage through the record pipeline, so the stage's moves and entry rules apply to it as to a person.</summary>
internal sealed class SetStageHandler : StepHandler<SetStageStep>
{
    protected override void Check(SetStageStep step, WorkflowCheck check, string place)
    {
        if (check.Form is not { } form) return;
        if (form.FindField(step.Field) is not Forms.Fields.SelectField { Stages: not null } stages) check.Error($"{place}.field", "workflow.notStageField", step.Field);
        else if (stages.Options.All(o => o.Key != step.Stage)) check.Error($"{place}.stage", "option.unknown", step.Stage);
    }

    protected override async Task<StepOutcome> RunAsync(SetStageStep step, StepContext context, CancellationToken ct)
    {
        var record = context.RequireRecord(step.Id);
        var from = record.Get(step.Field) as string;
        if (from != step.Stage)
            await context.UpdateRecordAsync(JsonSerializer.SerializeToElement(new Dictionary<string, string> { [step.Field] = step.Stage }), ct);
        return new StepOutcome(new JsonObject { ["from"] = from, ["to"] = step.Stage });
    }

    protected override Task<StepOutcome> SimulateAsync(SetStageStep step, StepContext context, CancellationToken ct) =>
        Task.FromResult(new StepOutcome(new JsonObject { ["from"] = context.RequireRecord(step.Id).Get(step.Field) as string, ["to"] = step.Stage }));
}
