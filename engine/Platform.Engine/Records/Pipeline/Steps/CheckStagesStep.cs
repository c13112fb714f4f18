using System.Globalization;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Models;
using Platform.Engine.Scripting;

namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>
/// Stage gates: a record's stage moves only where its stage field allows, and enters a stage only with what the stage
/// needs (fields filled in, a condition that holds). A refused move names every missing thing, in the caller's language.
/// </summary>
internal sealed class CheckStagesStep(RecordStore store) : BuiltInStep("check-stages", StepOrder.StageRules, WriteKind.Change, needsValidInput: false)
{
    public override bool RunsBeforeTransaction(FormModel model) => model.Lookups.Count == 0;

    public override ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        var model = batch.Model;
        if (!model.StageFields.Any() || (model.Lookups.Count > 0 && batch.CheckOnly) || batch.Caller.Actor.Restores) return ValueTask.CompletedTask;
        var culture = CultureInfo.GetCultureInfo(batch.Caller.Culture);
        foreach (var item in batch.Items)
            foreach (var field in model.StageFields)
            {
                var before = item.Current?.Values.GetValueOrDefault(field.Key) as string;
                if (item.Values.GetValueOrDefault(field.Key) is not string after || after == before) continue;
                var place = item.Prefix + field.Key;
                if (before is not null && !field.Stages!.Allows(before, after))
                {
                    batch.Errors.Add(new(place, "stage.move", Label(field, before, culture), Label(field, after, culture)));
                    continue;
                }
                if (field.Stages!.Entry.TryGetValue(after, out var entry)) CheckEntry(model, field, after, entry, item, batch, culture, place);
            }
        return ValueTask.CompletedTask;
    }

    private void CheckEntry(FormModel model, SelectField field, string stage, StageEntry entry, RecordWrite item, RecordWriteBatch batch, CultureInfo culture,
        string place)
    {
        var missing = entry.Required.Where(key => model.Field(key) is not { } bound || bound.Codec.IsEmpty(item.Values.GetValueOrDefault(key))).ToList();
        foreach (var key in missing) batch.Errors.Add(new(item.Prefix + key, "stage.required", Label(field, stage, culture)));
        if (missing.Count > 0)
        {
            // The condition most likely reads what is missing: one message that lists it is enough.
            batch.Errors.Add(new(place, "stage.missing", Label(field, stage, culture),
                string.Join(Validation.Messages.IsChinese(culture.Name) ? "、" : ", ", missing.Select(key => model.Field(key)?.Definition.Label?.Resolve(culture) ?? key))));
            return;
        }
        if (model.StageConditions.FirstOrDefault(c => c.Field.Key == field.Key && c.Stage == stage).Formula is not { } condition) return;
        try
        {
            var result = store.Checks.Formulas.Evaluate(condition, batch.Script, new RecordFormulaValues(item.Values, item.Current?.Values, item.Lookups));
            if (result.IsError) batch.Errors.Add(new(place, "rule.error", result.Error));
            else if (result.Value is not true) batch.Errors.Add(new(place, "stage.condition", Label(field, stage, culture)) { Text = entry.Message });
        }
        catch (ScriptException e)
        {
            batch.Errors.Add(e.ToError(place));
        }
    }

    private static string Label(SelectField field, string stage, CultureInfo culture) =>
        field.Options.FirstOrDefault(o => o.Key == stage)?.Label?.Resolve(culture) ?? stage;
}
