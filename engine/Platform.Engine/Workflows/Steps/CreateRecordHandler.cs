using System.Text.Json.Nodes;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Engine.Workflows.Steps;

/// <summary>Creates a record of a form of the same app, through the record pipeline, as the workflow.</summary>
internal sealed class CreateRecordHandler : StepHandler<CreateRecordStep>
{
    protected override void Check(CreateRecordStep step, WorkflowCheck check, string place)
    {
        var form = check.Forms.GetValueOrDefault(step.Form);
        if (form is null) check.Error($"{place}.form", "form.notFound", step.Form);
        check.Values(form, step.Values, $"{place}.values");
    }

    protected override async Task<StepOutcome> RunAsync(CreateRecordStep step, StepContext context, CancellationToken ct)
    {
        var target = await context.ModelAsync(step.Form, ct);
        var created = await context.Records.WriteInAsync(context.Work, Records.Pipeline.WriteKind.Create, target,
            new Records.Pipeline.RecordWrite { Prefix = "", Payload = context.Payload(target, step.Values, step.Id) }, context.Caller, ct);
        return new StepOutcome(new JsonObject { ["form"] = target.Key, ["recordId"] = created.Id });
    }

    protected override async Task<StepOutcome> SimulateAsync(CreateRecordStep step, StepContext context, CancellationToken ct)
    {
        var target = await context.ModelAsync(step.Form, ct);
        return new StepOutcome(new JsonObject { ["form"] = target.Key, ["values"] = UpdateRecordHandler.Json(context.Payload(target, step.Values, step.Id)) });
    }
}
