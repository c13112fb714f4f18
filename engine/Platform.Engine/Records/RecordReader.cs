using System.Data.Common;
using Platform.Engine.Models;
using Platform.Engine.Records.Query;
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

    public string SelectList(IReadOnlyList<BoundField> fields)
    {
        var columns = fields.Where(f => f.Stored.Kind == StorageKind.Column).Select(f => "t." + dialect.Quote(f.Stored.Column!));
        return string.Join(", ", new[] { SystemSelect }.Concat(columns));
    }

    /// <summary>Runs a SELECT made with <see cref="SelectList"/> and hydrates the rows.</summary>
    public async Task<List<RecordData>> ReadAsync(DbConnection connection, DbTransaction? transaction, string sql, SqlArgs args,
        IReadOnlyList<BoundField> fields, CancellationToken ct)
    {
        var records = new List<RecordData>();
        var columns = fields.Where(f => f.Stored.Kind == StorageKind.Column).ToList();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = sql;
            args.ApplyTo(command);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var record = new RecordData
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
                    var raw = reader.IsDBNull(9 + i) ? null : reader.GetValue(9 + i);
                    record.Values[field.Key] = field.Codec.FromStorage(dialect.FromDb(field.Stored.Spec!, raw));
                }
                records.Add(record);
            }
        }
        if (records.Count > 0)
        {
            foreach (var field in fields.Where(f => f.Stored.Kind == StorageKind.Link))
                await LoadLinksAsync(connection, transaction, field, records, ct);
            foreach (var field in fields.Where(f => f.Stored.Kind == StorageKind.Child))
                await LoadChildrenAsync(connection, transaction, field, records, ct);
        }
        return records;
    }

    private async Task LoadLinksAsync(DbConnection connection, DbTransaction? transaction, BoundField field, List<RecordData> records, CancellationToken ct)
    {
        var byId = records.ToDictionary(r => r.Id);
        var isId = field.Stored.Spec!.Type == ColumnType.Integer;
        foreach (var record in records) record.Values[field.Key] = isId ? new List<long>() : new List<string>();
        foreach (var chunk in records.Select(r => r.Id).Chunk(InListSize))
        {
            var args = new SqlArgs();
            var sql = $"SELECT record_id, value FROM {dialect.Quote(field.Stored.Table!)} WHERE {dialect.InIds("record_id", args.Add(dialect.IdsParameter(chunk)))} ORDER BY record_id, ord";
            await foreach (var row in RowsAsync(connection, transaction, sql, args, ct))
            {
                var values = byId[Convert.ToInt64(row[0])].Values[field.Key];
                if (isId) ((List<long>)values!).Add(Convert.ToInt64(row[1]));
                else ((List<string>)values!).Add((string)row[1]!);
            }
        }
        foreach (var record in records)
            if (record.Values[field.Key] is System.Collections.ICollection { Count: 0 }) record.Values[field.Key] = null;
    }

    private async Task LoadChildrenAsync(DbConnection connection, DbTransaction? transaction, BoundField field, List<RecordData> records, CancellationToken ct)
    {
        var byId = records.ToDictionary(r => r.Id);
        var children = field.Children;
        foreach (var chunk in records.Select(r => r.Id).Chunk(InListSize))
        {
            var args = new SqlArgs();
            var columns = string.Join("", children.Select(c => ", " + dialect.Quote(c.Stored.Column!)));
            var sql = $"SELECT parent_id{columns} FROM {dialect.Quote(field.Stored.Table!)} WHERE {dialect.InIds("parent_id", args.Add(dialect.IdsParameter(chunk)))} ORDER BY parent_id, ord";
            await foreach (var row in RowsAsync(connection, transaction, sql, args, ct))
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

    private static async IAsyncEnumerable<object?[]> RowsAsync(DbConnection connection, DbTransaction? transaction, string sql, SqlArgs args,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        args.ApplyTo(command);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            yield return row;
        }
    }

    private long? Long(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : (long)dialect.FromDb(ColumnType.Integer, reader.GetValue(ordinal))!;

    private DateTime? Instant(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : (DateTime)dialect.FromDb(ColumnType.DateTime, reader.GetValue(ordinal))!;
}
