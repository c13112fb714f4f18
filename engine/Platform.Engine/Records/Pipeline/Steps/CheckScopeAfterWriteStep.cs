using Platform.Engine.Validation;

namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>
/// A caller with a write scope may only create records inside it, and may not move a record out of
/// it. Checked with the scope's own SQL on the written rows, in the same transaction, so the scope
/// means the same thing for reads and writes; a refused write rolls back whole.
/// </summary>
internal sealed class CheckScopeAfterWriteStep(RecordStore store)
    : BuiltInStep("check-scope-after-write", StepOrder.CheckScopeAfterWrite, WriteKind.Change, needsValidInput: true)
{
    public override async ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        if (batch.Caller.WriteScope(batch.Model) is null) return;
        var written = batch.Items.Where(i => i.Result is not null).ToList();
        if (written.Count == 0) return;
        var work = batch.RequireWork();
        await work.Commands.FlushAsync(ct);
        var inScope = await store.Builder(batch.Model, batch.Caller.ForWriting(), allFields: true)
            .IdsInScopeAsync(work.Connection, work.Transaction, written.Select(i => i.Result!.Id).ToList(), ct);
        foreach (var item in written.Where(i => !inScope.Contains(i.Result!.Id)))
            batch.Errors.Add(new ValidationError(item.Prefix + ValidationError.FormLevel, "record.outsideScope"));
    }
}
