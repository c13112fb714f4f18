using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Models;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Forms;

namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>
/// Rollup fields: before the formulas (which may read them), each is worked out from the related records as they stand
/// in this transaction (a count, a sum, the least, greatest or latest value of those matching its conditions and window).
/// A new record has none yet. A change of a related record recomputes the records it points at (<see cref="RefreshRollupsStep"/>).
/// </summary>
internal sealed class ComputeRollupsStep(RecordStore store)
    : BuiltInStep("compute-rollups", StepOrder.ComputeFormulas - 10, WriteKind.Change | WriteKind.Recompute, needsValidInput: true)
{
    public override async ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        var rollups = batch.Model.Fields.Where(f => f.Definition is RollupField).ToList();
        if (rollups.Count == 0 || batch.CheckOnly) return;
        var work = batch.RequireWork();
        // Queued writes of related records must reach the database before they are counted.
        await work.Commands.FlushAsync(ct);
        foreach (var field in rollups)
        {
            var rollup = (RollupField)field.Definition;
            var from = await batch.Model.Links!.ModelAsync(rollup.From, ct);
            var (sql, values) = Statement(rollup, from, batch);
            foreach (var item in batch.Items)
            {
                if (item.Current is null)
                {
                    item.Values[field.Key] = rollup.Aggregate is RollupAggregate.Count or RollupAggregate.Sum ? 0m : null;
                    continue;
                }
                values[0] = item.Current.Id;
                var result = await work.Commands.ScalarAsync(sql, values, ct);
                item.Values[field.Key] = Read(rollup, from, result);
            }
        }
    }

    /// <summary>The statement of a rollup, its first value the id of the record it is for.</summary>
    private (string Sql, object?[] Values) Statement(RollupField rollup, FormModel from, RecordWriteBatch batch)
    {
        var dialect = store.Database.Dialect;
        var values = new List<object?> { null };
        string Param(object? value)
        {
            values.Add(value);
            return $"@p{values.Count - 1}";
        }
        var where = $"c.{dialect.Quote(from.Field(rollup.Via)!.Stored.Column!)} = @p0 AND c.deleted_at IS NULL";
        foreach (var (key, json) in rollup.Where)
        {
            var condition = from.Field(key)!;
            var value = condition.Codec.Read(json, key, new List<Validation.ValidationError>());
            where += $" AND c.{dialect.Quote(condition.Stored.Column!)} = {Param(dialect.ToDb(condition.Stored.Spec!, condition.Codec.ToStorage(value)))}";
        }
        var (dateColumn, since) = Window(rollup, from, batch);
        if (since is not null) where += $" AND c.{dateColumn} >= {Param(since)}";
        var table = dialect.Quote(from.Table);
        var column = rollup.Field is { } read ? "c." + dialect.Quote(from.Field(read)!.Stored.Column!) : null;
        var sql = rollup.Aggregate switch
        {
            RollupAggregate.Count => $"SELECT COUNT(*) FROM {table} c WHERE {where}",
            RollupAggregate.Sum => $"SELECT SUM({column}) FROM {table} c WHERE {where}",
            RollupAggregate.Min => $"SELECT MIN({column}) FROM {table} c WHERE {where}",
            RollupAggregate.Max => $"SELECT MAX({column}) FROM {table} c WHERE {where}",
            _ => dialect.Page($"SELECT {column} FROM {table} c WHERE {where} ORDER BY c.{dateColumn} DESC, c.id DESC", "1", null),
        };
        return (sql, values.ToArray());
    }

    /// <summary>The column that dates related records, and the earliest date of the window (none: no window).</summary>
    private (string Column, object? Since) Window(RollupField rollup, FormModel from, RecordWriteBatch batch)
    {
        var dialect = store.Database.Dialect;
        var key = rollup.DateField ?? SystemFields.CreatedAt;
        if (SystemColumns.ByProperty.TryGetValue(key, out var system))
            return (dialect.Quote(system.Name), rollup.WithinDays is { } days ? dialect.ToDb(ColumnType.DateTime, batch.Now.UtcDateTime.AddDays(-days)) : null);
        var field = from.Field(key)!;
        object? since = rollup.WithinDays is not { } within ? null
            : field.Definition is DateField ? batch.Script.Today.AddDays(-within) : batch.Now.UtcDateTime.AddDays(-within);
        return (dialect.Quote(field.Stored.Column!), since is null ? null : dialect.ToDb(field.Stored.Spec!, field.Codec.ToStorage(since)));
    }

    private object? Read(RollupField rollup, FormModel from, object? result)
    {
        if (result is null or DBNull) return rollup.Aggregate is RollupAggregate.Count or RollupAggregate.Sum ? 0m : null;
        if (rollup.Aggregate is RollupAggregate.Count) return Convert.ToDecimal(result, System.Globalization.CultureInfo.InvariantCulture);
        var field = from.Field(rollup.Field!)!;
        return field.Codec.FromStorage(store.Database.Dialect.FromDb(field.Stored.Spec!, result));
    }
}
