using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Engine.Workflows.Steps;

/// <summary>Adds and removes tags (the options of a multi-select field) on the run's record; a record that already reads so is left alone.</summary>
internal sealed class TagHandler : StepHandler<TagStep>
{
    protected override void Check(TagStep step, WorkflowCheck check, string place)
    {
        if (step.Add.Count + step.Remove.Count == 0) check.Error(place, "workflow.noTags");
        if (check.Form is not { } form) return;
        if (form.FindField(step.Field) is not Forms.Fields.MultiSelectField field)
        {
            check.Error($"{place}.field", "workflow.notTagField", step.Field);
            return;
        }
        foreach (var (tags, name) in new[] { (step.Add, "add"), (step.Remove, "remove") })
            foreach (var (tag, i) in tags.Select((t, i) => (t, i)))
                if (field.Options.All(o => o.Key != tag)) check.Error($"{place}.{name}[{i}]", "option.unknown", tag);
    }

    protected override async Task<StepOutcome> RunAsync(TagStep step, StepContext context, CancellationToken ct)
    {
        var record = context.RequireRecord(step.Id);
        var (before, after) = Tags(step, record);
        if (!before.SequenceEqual(after))
            await context.UpdateRecordAsync(JsonSerializer.SerializeToElement(new Dictionary<string, IReadOnlyList<string>> { [step.Field] = after }), ct);
        return new StepOutcome(Output(before, after));
    }

    protected override Task<StepOutcome> SimulateAsync(TagStep step, StepContext context, CancellationToken ct)
    {
        var (before, after) = Tags(step, context.RequireRecord(step.Id));
        return Task.FromResult(new StepOutcome(Output(before, after)));
    }

    private static (IReadOnlyList<string> Before, IReadOnlyList<string> After) Tags(TagStep step, Records.RecordData record)
    {
        var before = (record.Get(step.Field) as IEnumerable<string> ?? []).ToList();
        return (before, before.Except(step.Remove).Concat(step.Add.Except(before)).Distinct().ToList());
    }

    private static JsonObject Output(IReadOnlyList<string> before, IReadOnlyList<string> after) => new()
    {
        ["added"] = new JsonArray([.. after.Except(before).Select(t => JsonValue.Create(t))]),
        ["removed"] = new JsonArray([.. before.Except(after).Select(t => JsonValue.Create(t))]),
    };
}
