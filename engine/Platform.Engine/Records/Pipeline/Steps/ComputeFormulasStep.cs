namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>
/// Formula fields in dependency order, lookups read inside the write's transaction. A formula that
/// fails or runs out of time never blocks the save: a new value is stored blank, a recompute keeps
/// the stored one, and either way a warning names the field.
/// </summary>
internal sealed class ComputeFormulasStep(RecordStore store)
    : BuiltInStep("compute-formulas", StepOrder.ComputeFormulas, WriteKind.Change | WriteKind.Recompute, needsValidInput: false)
{
    // Lookups read related records inside the write's transaction.
    public override bool RunsBeforeTransaction(Models.FormModel model) => model.Lookups.Count == 0;

    public override async ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        var model = batch.Model;
        if (!model.HasFormulas) return;
        // Lookups need the database; a check-only pass leaves such formulas (and rules) to the write.
        if (model.Lookups.Count > 0 && batch.CheckOnly) return;
        foreach (var item in batch.Items)
        {
            if (model.Lookups.Count > 0)
                item.Lookups = await LookupReader.ReadAsync(store, batch.RequireWork(), model, item.Values, batch.Caller, ct);
            store.Checks.Compute(model, item.Values, item.Current?.Values, item.Lookups, batch.Script, item.Prefix, item.Warnings,
                keepStored: batch.Kind == WriteKind.Recompute);
        }
    }
}
