namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>
/// Required fields: every one on a create, the ones sent on an update (a PATCH that leaves a field out keeps it), except
/// those their condition hides for the record's values (the lost reason while the deal is not lost). A field an update
/// brings into view (the deal marked lost) is required then, sent or not.
/// </summary>
internal sealed class CheckRequiredStep(RecordStore store) : BuiltInStep("check-required", StepOrder.CheckRequired, WriteKind.Change, needsValidInput: false)
{
    public override ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        foreach (var item in batch.Items)
        {
            var hidden = FieldVisibility.Hidden(batch.Model, store.Checks.Formulas, batch.Script, new RecordFormulaValues(item.Values, item.Current?.Values, item.Lookups));
            IEnumerable<string> keys = batch.Kind == WriteKind.Create ? batch.Model.Fields.Select(f => f.Key) : item.Sent.Keys.Union(Shown(batch, item, hidden));
            WriteChecks.CheckRequired(batch.Model, item.Values, keys.Where(k => !hidden.Contains(k)), item.Prefix, batch.Errors);
        }
        return ValueTask.CompletedTask;
    }

    // The fields with a condition that hid them before this update and shows them after it.
    private IEnumerable<string> Shown(RecordWriteBatch batch, RecordWrite item, IReadOnlySet<string> hidden)
    {
        if (item.Current is null || batch.Model.VisibilityConditions.Count == 0) return [];
        var before = FieldVisibility.Hidden(batch.Model, store.Checks.Formulas, batch.Script, new RecordFormulaValues(item.Current.Values, null, item.Lookups));
        return before.Where(key => !hidden.Contains(key));
    }
}
