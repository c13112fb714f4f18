using System.Text.Json.Nodes;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Engine.Workflows.Steps;

/// <summary>
/// Sets fields of the run's record through the record pipeline, as the workflow: checked like any other change. It writes
/// over the version the run read; when someone changed the record meanwhile, the step is tried again on the new one.
/// </summary>
internal sealed class UpdateRecordHandler : StepHandler<UpdateRecordStep>
{
    protected override void Check(UpdateRecordStep step, WorkflowCheck check, string place) => check.Values(check.Form, step.Values, $"{place}.values");

    protected override async Task<StepOutcome> RunAsync(UpdateRecordStep step, StepContext context, CancellationToken ct)
    {
        context.RequireRecord(step.Id);
        var payload = context.Payload(context.Model, step.Values, step.Id);
        var updated = await context.UpdateRecordAsync(payload, ct);
        return new StepOutcome(new JsonObject { ["recordId"] = updated.Id, ["version"] = updated.Version });
    }

    protected override Task<StepOutcome> SimulateAsync(UpdateRecordStep step, StepContext context, CancellationToken ct)
    {
        context.RequireRecord(step.Id);
        return Task.FromResult(new StepOutcome(new JsonObject { ["recordId"] = context.Record.Id, ["set"] = Json(context.Payload(context.Model, step.Values, step.Id)) }));
    }

    internal static JsonNode? Json(System.Text.Json.JsonElement element) => JsonNode.Parse(element.GetRawText());
}
