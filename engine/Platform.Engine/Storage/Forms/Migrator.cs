using System.Data.Common;
using System.Text.Json;
using Dapper;
using Platform.Engine.Storage.Dialects;
using Platform.Engine.Validation;
using Platform.Engine.Values;

namespace Platform.Engine.Storage.Forms;

/// <summary>Runs a migration plan inside the caller's transaction, and finds what a type change would lose.</summary>
internal static class Migrator
{
    private const int ExamplesPerField = 20;

    public static async Task<IReadOnlyList<DataLoss>> FindDataLossAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, MigrationPlan plan)
    {
        var losses = new List<DataLoss>();
        foreach (var conversion in plan.Conversions)
        {
            var lost = new List<LostValue>();
            foreach (var (id, value) in await ReadAsync(connection, transaction, dialect, conversion))
                if (Convert(conversion, value).Lost) lost.Add(new LostValue(id, conversion.FromCodec.Write(value)?.ToJsonString()));
            if (lost.Count > 0) losses.Add(new DataLoss(conversion.Field, lost.Count, lost.Take(ExamplesPerField).ToList()));
        }
        return losses;
    }

    /// <summary>Records that already share a duplicate key where a check will refuse the next one: the publish is refused, naming a few.</summary>
    public static async Task<IReadOnlyList<ValidationError>> FindDuplicatesAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, MigrationPlan plan)
    {
        var errors = new List<ValidationError>();
        foreach (var work in plan.DuplicateKeys.Where(w => w.MustBeUnique))
        {
            var shared = (await ReadKeysAsync(connection, transaction, dialect, work, liveOnly: true))
                .GroupBy(r => r.Key).Where(g => g.Count() > 1).ToList();
            if (shared.Count > 0)
                errors.Add(new ValidationError(work.Field.Key, "duplicates.existing", shared.Count,
                    string.Join(", ", shared.Take(3).Select(g => string.Join(" = ", g.Select(r => $"#{r.Id}"))))));
        }
        return errors;
    }

    public static async Task ApplyAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, MigrationPlan plan)
    {
        foreach (var statement in plan.Statements)
        {
            try
            {
                await connection.ExecuteAsync(statement, transaction: transaction);
            }
            catch (Exception e) when (dialect.IsUniqueViolation(e))
            {
                var field = plan.NewStorage.Fields.FirstOrDefault(f => statement.Contains(f.Column ?? "\0", StringComparison.Ordinal))?.Key ?? "fields";
                throw new DefinitionRejectedException([new ValidationError(field, "migration.uniqueConflict", field)]);
            }
        }
        foreach (var conversion in plan.Conversions)
        {
            var update = $"UPDATE {dialect.Quote(conversion.Table)} SET {dialect.Quote(conversion.To.Column!)} = @value WHERE id = @id";
            foreach (var (id, value) in await ReadAsync(connection, transaction, dialect, conversion))
            {
                var converted = Convert(conversion, value).Value;
                if (converted is null) continue;
                var stored = dialect.ToDb(conversion.To.Spec!, conversion.ToCodec.ToStorage(converted));
                await connection.ExecuteAsync(update, new { id, value = stored }, transaction);
            }
        }
        await FillDuplicateKeysAsync(connection, transaction, dialect, plan);
    }

    private static async Task FillDuplicateKeysAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, MigrationPlan plan)
    {
        foreach (var work in plan.DuplicateKeys.Where(w => w.Fill))
        {
            var update = $"UPDATE {dialect.Quote(work.Table)} SET {dialect.Quote(work.Stored.DuplicateColumn!)} = @key WHERE id = @id";
            try
            {
                foreach (var (id, key) in await ReadKeysAsync(connection, transaction, dialect, work, liveOnly: false))
                    await connection.ExecuteAsync(update, new { id, key }, transaction);
            }
            catch (Exception e) when (dialect.IsUniqueViolation(e))
            {
                throw new DefinitionRejectedException([new ValidationError(work.Field.Key, "duplicates.existing", 1, "")]);
            }
        }
    }

    /// <summary>Each record's duplicate key of a field (records without one left out), worked out as every write does.</summary>
    private static async Task<List<(long Id, string Key)>> ReadKeysAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, DuplicateKeyWork work, bool liveOnly) =>
        (await ReadAsync(connection, transaction, dialect, work.Table, work.Stored, FieldCodecs.For(work.Field), liveOnly))
            .Select(r => (r.Id, Key: DuplicateKey.Of(work.Field, r.Value)))
            .Where(r => r.Key is not null)
            .Select(r => (r.Id, r.Key!))
            .ToList();

    private static Task<List<(long Id, object? Value)>> ReadAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, ColumnConversion conversion) =>
        ReadAsync(connection, transaction, dialect, conversion.Table, conversion.From, conversion.FromCodec, liveOnly: false);

    /// <summary>The values a column holds, by record (empty ones left out), read as its field's codec reads them.</summary>
    private static async Task<List<(long Id, object? Value)>> ReadAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, string table,
        StoredField from, FieldCodec codec, bool liveOnly)
    {
        var column = dialect.Quote(from.Column!);
        var rows = await connection.QueryAsync($"SELECT id, {column} AS v FROM {dialect.Quote(table)} WHERE {column} IS NOT NULL" +
                                               (liveOnly ? " AND deleted_at IS NULL" : ""), transaction: transaction);
        return rows.Cast<IDictionary<string, object?>>()
            .Select(r => ((long)dialect.FromDb(ColumnType.Integer, r["id"])!, codec.FromStorage(dialect.FromDb(from.Spec!, r["v"]))))
            .ToList();
    }

    /// <summary>Converts through JSON with the new type's lenient reader; lossless only if converting back gives the same value.</summary>
    private static (object? Value, bool Lost) Convert(ColumnConversion conversion, object? value)
    {
        var errors = new List<ValidationError>();
        var json = JsonSerializer.SerializeToElement(conversion.FromCodec.Write(value));
        var converted = conversion.ToCodec.Read(json, conversion.Field, errors, lenient: true);
        if (errors.Count > 0 || converted is null) return (null, true);
        var back = conversion.FromCodec.Read(JsonSerializer.SerializeToElement(conversion.ToCodec.Write(converted)), conversion.Field, errors, lenient: true);
        return (converted, errors.Count > 0 || !conversion.FromCodec.AreEqual(value, back));
    }
}
