using Platform.Engine.Validation;

namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>
/// Loads the record as it stands, within the caller's row scope (outside it, the record does not
/// exist for them), refuses it if it lies outside what they may change (403: they can see it), and
/// holds the caller to the version they edited.
/// </summary>
internal sealed class LoadCurrentStep(RecordStore store)
    : BuiltInStep("load-current", StepOrder.LoadCurrent, WriteKind.Update | WriteKind.Delete | WriteKind.Restore, needsValidInput: true)
{
    public override async ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        var work = batch.RequireWork();
        var writeScope = batch.Caller.WriteScope(batch.Model);
        var writing = writeScope is null || Equals(writeScope, batch.Caller.RowScope(batch.Model)) ? batch.Caller : batch.Caller.ForWriting();
        foreach (var item in batch.Items)
        {
            var id = item.Id!.Value;
            // Deleting wants a live record; restoring a deleted one.
            var wantDeleted = batch.Kind == WriteKind.Restore;
            var current = await store.LoadAsync(work.Commands, batch.Model, id, batch.Caller, wantDeleted, ct);
            if (current is null)
            {
                var other = batch.Kind == WriteKind.Restore
                    ? await store.LoadAsync(work.Commands, batch.Model, id, batch.Caller, deleted: false, ct)
                    : null;
                throw other is not null ? new ConflictException("record.notDeleted", id) : new NotFoundException("record.notFound", id);
            }
            if (!ReferenceEquals(writing, batch.Caller) && await store.LoadAsync(work.Commands, batch.Model, id, writing, wantDeleted, ct) is null)
                throw new ForbiddenException("record.notWritable", id);
            if (item.ExpectedVersion is { } expected && expected != current.Version) throw new ConflictException("version.stale", current.Version);
            item.Current = current;
            item.Values = new Dictionary<string, object?>(current.Values, StringComparer.Ordinal);
            foreach (var (key, value) in item.Sent) item.Values[key] = value;
        }
    }
}
