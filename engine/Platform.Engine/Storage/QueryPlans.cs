using System.Data.Common;
using Platform.Engine.Storage.Dialects;

namespace Platform.Engine.Storage;

/// <summary>How the database would run a statement, a line per step (SQLite's <c>EXPLAIN QUERY PLAN</c> details, PostgreSQL's <c>EXPLAIN</c>).</summary>
internal static class QueryPlans
{
    public static async Task<IReadOnlyList<string>> ReadAsync(DbConnection connection, SqlDialect dialect, string sql, SqlArgs args, CancellationToken ct = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = dialect.Explain(sql);
        args.ApplyTo(command);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) lines.Add(Convert.ToString(reader.GetValue(reader.FieldCount - 1), System.Globalization.CultureInfo.InvariantCulture)!);
        return lines;
    }
}
