using Platform.Engine.Models;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Dialects;
using Platform.Engine.Storage.Forms;
using Platform.Engine.Values;

namespace Platform.Engine.Records;

/// <summary>The INSERTs and UPDATEs of records, their link rows and their detail rows.</summary>
internal sealed class RecordWriter(SqlDialect dialect)
{
    private static readonly string[] SystemInsertColumns = ["created_at", "created_by", "updated_at", "updated_by", "owner", "version"];

    // What an INSERT of a form version needs, worked out once: its statement, its columns, and the statements of its link and detail rows.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<FormModel, InsertPlan> _plans = new();
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<BoundField, string> _manySql = new();

    public async Task<long> InsertAsync(CommandCache commands, FormModel model, RecordData record, CancellationToken ct)
    {
        var plan = _plans.GetValue(model, Plan);
        var (columns, keyed) = (plan.Columns, plan.Keyed);
        var values = new object?[SystemInsertColumns.Length + columns.Count + keyed.Count];
        values[0] = dialect.ToDb(ColumnType.DateTime, record.CreatedAt);
        values[1] = record.CreatedBy;
        values[2] = dialect.ToDb(ColumnType.DateTime, record.UpdatedAt);
        values[3] = record.UpdatedBy;
        values[4] = record.Owner;
        values[5] = record.Version;
        for (var i = 0; i < columns.Count; i++) values[SystemInsertColumns.Length + i] = Stored(columns[i], record.Values.GetValueOrDefault(columns[i].Key));
        for (var i = 0; i < keyed.Count; i++) values[SystemInsertColumns.Length + columns.Count + i] = DuplicateKey.Of(keyed[i].Definition, record.Values.GetValueOrDefault(keyed[i].Key));
        var id = await commands.InsertAsync(plan.Insert, plan.InsertReturningId, values, ct);
        foreach (var field in plan.Many)
            await WriteManyAsync(commands, field, id, record.Values.GetValueOrDefault(field.Key), replace: false, ct);
        return id;
    }

    /// <summary>Writes the changed fields if the record is still at <paramref name="expectedVersion"/>; false when it is not.</summary>
    public async Task<bool> UpdateAsync(CommandCache commands, FormModel model, RecordData record, long expectedVersion,
        IReadOnlyCollection<string> changed, CancellationToken ct)
    {
        var columns = model.Fields.Where(f => f.Stored.Kind == StorageKind.Column && changed.Contains(f.Key)).ToList();
        var values = new List<object?>
        {
            record.Version, dialect.ToDb(ColumnType.DateTime, record.UpdatedAt), record.UpdatedBy, record.Owner, record.Id, expectedVersion,
        };
        var sets = new List<string> { "version = @p0", "updated_at = @p1", "updated_by = @p2", "owner = @p3" };
        foreach (var column in columns)
        {
            sets.Add($"{dialect.Quote(column.Stored.Column!)} = @p{values.Count}");
            values.Add(Stored(column, record.Values.GetValueOrDefault(column.Key)));
            if (column.Stored.DuplicateColumn is { } keys)
            {
                sets.Add($"{dialect.Quote(keys)} = @p{values.Count}");
                values.Add(DuplicateKey.Of(column.Definition, record.Values.GetValueOrDefault(column.Key)));
            }
        }
        var sql = $"UPDATE {dialect.Quote(model.Table)} SET {string.Join(", ", sets)} WHERE id = @p4 AND version = @p5 AND deleted_at IS NULL";
        if (await commands.ExecuteAsync(sql, values, ct) == 0) return false;
        foreach (var field in model.Fields.Where(f => f.Stored.Kind != StorageKind.Column && changed.Contains(f.Key)))
            await WriteManyAsync(commands, field, record.Id, record.Values.GetValueOrDefault(field.Key), replace: true, ct);
        return true;
    }

    /// <summary>Marks a record deleted or restores it, moving its version on; false when it was not in the expected state.</summary>
    public async Task<bool> SetDeletedAsync(CommandCache commands, FormModel model, RecordData record, long expectedVersion, bool deleted, CancellationToken ct)
    {
        var sql = $"UPDATE {dialect.Quote(model.Table)} SET version = @p0, updated_at = @p1, updated_by = @p2, deleted_at = @p3, deleted_by = @p4 " +
                  $"WHERE id = @p5 AND version = @p6 AND deleted_at IS {(deleted ? "" : "NOT ")}NULL";
        var at = dialect.ToDb(ColumnType.DateTime, record.UpdatedAt);
        return await commands.ExecuteAsync(sql,
            [record.Version, at, record.UpdatedBy, deleted ? at : null, deleted ? record.UpdatedBy : null, record.Id, expectedVersion], ct) > 0;
    }

    private async Task WriteManyAsync(CommandCache commands, BoundField field, long id, object? value, bool replace, CancellationToken ct)
    {
        var table = field.Stored.Table!;
        var sql = _manySql.GetValue(field, ManySql);
        if (field.Stored.Kind == StorageKind.Link)
        {
            if (replace) await commands.QueueAsync($"DELETE FROM {dialect.Quote(table)} WHERE record_id = @p0", [id], ct);
            var ord = 0;
            foreach (var item in (value as System.Collections.IEnumerable)?.Cast<object>() ?? [])
                await commands.QueueAsync(sql, [id, item, ord++], ct);
            return;
        }

        if (replace) await commands.QueueAsync($"DELETE FROM {dialect.Quote(table)} WHERE parent_id = @p0", [id], ct);
        var children = field.Children;
        var index = 0;
        foreach (var row in value as IEnumerable<SubformRow> ?? [])
        {
            var values = new object?[children.Count + 2];
            values[0] = id;
            values[1] = index++;
            for (var i = 0; i < children.Count; i++) values[i + 2] = Stored(children[i], row.GetValueOrDefault(children[i].Key));
            await commands.QueueAsync(sql, values, ct);
        }
    }

    /// <summary>The INSERT of a multi-valued field's link rows, or of a subform's detail rows.</summary>
    private string ManySql(BoundField field) => field.Stored.Kind == StorageKind.Link
        ? dialect.Insert(field.Stored.Table!, ["record_id", "value", "ord"])
        : dialect.Insert(field.Stored.Table!, ["parent_id", "ord", .. field.Children.Select(c => c.Stored.Column!)]);

    private InsertPlan Plan(FormModel model)
    {
        var columns = model.Fields.Where(f => f.Stored.Kind == StorageKind.Column).ToList();
        var keyed = model.DuplicateChecked;
        string[] names = [.. SystemInsertColumns, .. columns.Select(c => c.Stored.Column!), .. keyed.Select(k => k.Stored.DuplicateColumn!)];
        return new InsertPlan(dialect.Insert(model.Table, names), dialect.InsertReturningId(model.Table, names), columns, keyed,
            model.Fields.Where(f => f.Stored.Kind != StorageKind.Column).ToList());
    }

    private sealed record InsertPlan(string Insert, string InsertReturningId, IReadOnlyList<BoundField> Columns, IReadOnlyList<BoundField> Keyed, IReadOnlyList<BoundField> Many);

    private object? Stored(BoundField field, object? value) => dialect.ToDb(field.Stored.Spec!, field.Codec.ToStorage(value));
}
