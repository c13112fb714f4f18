using Platform.Engine.Validation;

namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>
/// Writes the rows: INSERT with autonumbers for creates, a version-checked UPDATE of the changed fields,
/// the recycle-bin mark for deletes and restores. A unique index that refuses a value is reported on its field.
/// </summary>
internal sealed class WriteStep(RecordStore store) : BuiltInStep("write", StepOrder.Write, WriteKind.Any, needsValidInput: true)
{
    public override async ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        foreach (var item in batch.Items)
        {
            if (item.Unchanged) continue;
            try
            {
                switch (batch.Kind)
                {
                    case WriteKind.Create: await InsertAsync(batch, item, ct); break;
                    case WriteKind.Delete or WriteKind.Restore: await SetDeletedAsync(batch, item, ct); break;
                    default: await UpdateAsync(batch, item, ct); break;
                }
            }
            catch (Exception e) when (store.UniqueField(batch.Model, e) is { } field)
            {
                // A duplicate key taken between the check and the write: another record saved with it in the same instant (or restored).
                var code = batch.Model.DuplicateChecked.Any(f => f.Key == field) ? "duplicate.taken" : "unique";
                throw new DuplicateValueException([new(item.Prefix + field, code)]);
            }
        }
    }

    private async Task InsertAsync(RecordWriteBatch batch, RecordWrite item, CancellationToken ct)
    {
        var model = batch.Model;
        var commands = batch.RequireWork().Commands;
        var now = batch.Now.UtcDateTime;
        var user = batch.Caller.UserId;
        var record = new RecordData
        {
            Version = 1, CreatedAt = now, CreatedBy = user, UpdatedAt = now, UpdatedBy = user, Owner = item.OwnerAfter(user),
        };
        foreach (var (key, value) in item.Values) record.Values[key] = value;
        record.Id = await store.Writer.InsertAsync(commands, model, record, ct);
        item.Result = record;
    }

    private async Task UpdateAsync(RecordWriteBatch batch, RecordWrite item, CancellationToken ct)
    {
        var current = item.Current!;
        var updated = current.NextVersion(batch.Now.UtcDateTime, batch.Caller.UserId, item.OwnerAfter(current.Owner), item.Values);
        var changed = item.Changes.Select(c => c.Field).ToHashSet();
        if (await store.Writer.UpdateAsync(batch.RequireWork().Commands, batch.Model, updated, current.Version, changed, ct))
            item.Result = updated;
        else if (batch.Kind == WriteKind.Recompute)
            item.Unchanged = true; // changed under us since it was read: that change recomputed it
        else
            throw new ConflictException("version.stale", current.Version + 1);
    }

    private async Task SetDeletedAsync(RecordWriteBatch batch, RecordWrite item, CancellationToken ct)
    {
        var deleted = batch.Kind == WriteKind.Delete;
        var current = item.Current!;
        var now = batch.Now.UtcDateTime;
        var record = current.NextVersion(now, batch.Caller.UserId, current.Owner, current.Values);
        record.DeletedAt = deleted ? now : null;
        record.DeletedBy = deleted ? batch.Caller.UserId : null;
        if (!await store.Writer.SetDeletedAsync(batch.RequireWork().Commands, batch.Model, record, current.Version, deleted, ct))
            throw new ConflictException("version.stale", record.Version);
        item.Result = record;
    }
}
