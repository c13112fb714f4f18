namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>
/// Related records, users, departments and the owner sent must exist, and related records must be within the caller's
/// row scope; the whole batch in one query per field.
/// </summary>
internal sealed class CheckReferencesStep(RecordStore store)
    : BuiltInStep("check-references", StepOrder.CheckReferences, WriteKind.Change, needsValidInput: true)
{
    public override async ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        // An update checks what it sent; what it kept was checked when it was written.
        var records = batch.Items.Select(i => ((IReadOnlyDictionary<string, object?>)(batch.Kind == WriteKind.Create ? i.Values : i.Sent), i.Prefix)).ToList();
        await ReferenceChecks.CheckAsync(store, batch.RequireWork(), batch.Model, batch.Caller, records, batch.Errors, ct);
        await ReferenceChecks.CheckOwnersAsync(store, batch.RequireWork(), batch.Items.Select(i => (i.SentOwner, i.Prefix)).ToList(), batch.Errors, ct);
    }
}
