using System.Data.Common;
using Platform.Engine.Models;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Dialects;
using Platform.Engine.Storage.Forms;
using Platform.Engine.Values;

namespace Platform.Engine.Records;

/// <summary>Loads records: one SELECT on the form table, then link and child rows for the whole page at once.</summary>
internal sealed class RecordReader(SqlDialect dialect)
{
    private const int InListSize = 500;

    public const string SystemSelect = "t.id, t.version, t.created_at, t.created_by, t.updated_at, t.updated_by, t.owner, t.deleted_at, t.deleted_by";

    // A form version's fields never change, so its select list is made once (a get by id spent a tenth of its time joining it).
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<BoundField>, string> _selectLists = new();

    /// <summary>The system columns, then each field kept in the row or in a link table (as a JSON array), in field order.</summary>
    public string SelectList(IReadOnlyList<BoundField> fields) =>
        _selectLists.GetValue(fields, list => string.Join(", ", new[] { SystemSelect }.Concat(InRow(list).Select(f => f.Stored.Kind == StorageKind.Link
            ? dialect.LinkValues(f.Stored.Table!, text: f.Stored.Spec!.Type != ColumnType.Integer)
            : "t." + dialect.Quote(f.Stored.Column!)))));

    /// <summary>The fields a record's own row returns: columns, and link-table values folded into it.</summary>
    private static IEnumerable<BoundField> InRow(IEnumerable<BoundField> fields) => fields.Where(f => f.Stored.Kind is StorageKind.Column or StorageKind.Link);

    /// <summary>Runs a SELECT made with <see cref="SelectList"/> and hydrates the rows.</summary>
    public async Task<List<RecordData>> ReadAsync(CommandCache commands, string sql, SqlArgs args, IReadOnlyList<BoundField> fields, CancellationToken ct)
    {
        var records = new List<RecordData>();
        var columns = InRow(fields).ToList();
        await using (var reader = await commands.ReaderAsync(sql, args, ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var record = new RecordData(fields.Count)
                {
                    Id = Long(reader, 0)!.Value,
                    Version = Long(reader, 1)!.Value,
                    CreatedAt = Instant(reader, 2)!.Value,
                    CreatedBy = Long(reader, 3),
                    UpdatedAt = Instant(reader, 4)!.Value,
                    UpdatedBy = Long(reader, 5),
                    Owner = Long(reader, 6),
                    DeletedAt = Instant(reader, 7),
                    DeletedBy = Long(reader, 8),
                };
                for (var i = 0; i < columns.Count; i++)
                {
                    var field = columns[i];
                    var value = Value(reader, 9 + i);
                    record.Values[field.Key] = field.Stored.Kind == StorageKind.Link
                        ? LinkValues(value, field.Stored.Spec!.Type == ColumnType.Integer)
                        : field.Codec.FromStorage(dialect.FromDb(field.Stored.Spec!, value));
                }
                records.Add(record);
            }
        }
        if (records.Count > 0)
        {
            foreach (var field in fields.Where(f => f.Stored.Kind == StorageKind.Child))
                await LoadChildrenAsync(commands, field, records, ct);
        }
        return records;
    }

    /// <summary>A link table's values as <see cref="LinkValues"/> returns them (a JSON array), or null when there are none.</summary>
    private static object? LinkValues(object? json, bool ids)
    {
        if (json is not string text) return null;
        using var document = System.Text.Json.JsonDocument.Parse(text);
        var items = document.RootElement;
        if (items.GetArrayLength() == 0) return null;
        return ids
            ? items.EnumerateArray().Select(v => v.ValueKind == System.Text.Json.JsonValueKind.String ? long.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : v.GetInt64()).ToList()
            : items.EnumerateArray().Select(v => v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToList();
    }

    private async Task LoadChildrenAsync(CommandCache commands, BoundField field, List<RecordData> records, CancellationToken ct)
    {
        var byId = records.ToDictionary(r => r.Id);
        var children = field.Children;
        foreach (var chunk in records.Select(r => r.Id).Chunk(InListSize))
        {
            var args = new SqlArgs();
            var columns = string.Join("", children.Select(c => ", " + dialect.Quote(c.Stored.Column!)));
            var sql = $"SELECT parent_id{columns} FROM {dialect.Quote(field.Stored.Table!)} WHERE {dialect.InIds("parent_id", args.Add(dialect.IdsParameter(chunk)))} ORDER BY parent_id, ord";
            await foreach (var row in RowsAsync(commands, sql, args, ct))
            {
                var record = byId[Convert.ToInt64(row[0])];
                if (record.Values.GetValueOrDefault(field.Key) is not List<SubformRow> rows)
                    record.Values[field.Key] = rows = [];
                var subformRow = new SubformRow();
                for (var i = 0; i < children.Count; i++)
                    subformRow[children[i].Key] = children[i].Codec.FromStorage(dialect.FromDb(children[i].Stored.Spec!, row[i + 1]));
                rows.Add(subformRow);
            }
        }
    }

    private static async IAsyncEnumerable<object?[]> RowsAsync(CommandCache commands, string sql, SqlArgs args,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var reader = await commands.ReaderAsync(sql, args, ct);
        while (await reader.ReadAsync(ct))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = Value(reader, i);
            yield return row;
        }
    }

    private long? Long(DbDataReader reader, int ordinal) => (long?)dialect.FromDb(ColumnType.Integer, Value(reader, ordinal));

    private DateTime? Instant(DbDataReader reader, int ordinal) => (DateTime?)dialect.FromDb(ColumnType.DateTime, Value(reader, ordinal));

    /// <summary>A column's value, null for SQL NULL: one call into the provider, not two (<c>IsDBNull</c> then <c>GetValue</c>).</summary>
    private static object? Value(DbDataReader reader, int ordinal) => reader.GetValue(ordinal) is var value && value is DBNull ? null : value;
}
