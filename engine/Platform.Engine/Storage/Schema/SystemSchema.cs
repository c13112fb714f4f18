using System.Data.Common;
using Dapper;
using Platform.Engine.Storage.Dialects;

namespace Platform.Engine.Storage.Schema;

/// <summary>
/// Brings the platform's own tables to the version this release knows, at start-up: each pending
/// migration in its own transaction, recorded in <c>pf_schema_versions</c>. A database the first
/// release created (tables, no version table) is taken as version 1. Form tables are named
/// <c>f_{id}</c> by the engine, so the two never collide.
/// </summary>
public static class SystemSchema
{
    private const string VersionTable = "pf_schema_versions";

    private static readonly TableSpec Versions = new(VersionTable,
        [new("version", ColumnSpec.Id, false), new("name", new ColumnSpec(ColumnType.Text, 400), false), new("applied_at", ColumnSpec.Instant, false)],
        IdentityKey: false, ["version"]);

    /// <summary>
    /// Runs what is pending, up to <paramref name="upTo"/> (tests stop early to build an older database). Nodes started
    /// together take turns: the first runs the migrations, the others then find nothing pending.
    /// </summary>
    public static Task MigrateAsync(PlatformDatabase database, TimeProvider? clock = null, int? upTo = null, CancellationToken ct = default) =>
        database.ExclusivelyAsync("platform-migrations", async () =>
        {
            await MigrateAloneAsync(database, clock, upTo, ct);
            return 0;
        }, ct);

    private static async Task MigrateAloneAsync(PlatformDatabase database, TimeProvider? clock, int? upTo, CancellationToken ct)
    {
        var dialect = database.Dialect;
        var target = upTo ?? SystemMigrations.Latest;
        var applied = await database.InTransactionAsync(async (connection, transaction) =>
        {
            var tables = (await connection.QueryAsync<string>(dialect.ListTables, transaction: transaction)).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (!tables.Contains(VersionTable))
            {
                await connection.ExecuteAsync(dialect.CreateTable(Versions), transaction: transaction);
                if (tables.Contains("pf_apps")) await RecordAsync(connection, transaction, dialect, SystemMigrations.All[0], clock);
            }
            return (await connection.QueryAsync<long>($"SELECT version FROM {VersionTable}", transaction: transaction)).Select(v => (int)v).ToHashSet();
        }, ct);

        var newest = applied.Count == 0 ? 0 : applied.Max();
        if (newest > SystemMigrations.Latest) throw new SystemSchemaTooNewException(newest, SystemMigrations.Latest);
        foreach (var migration in SystemMigrations.All.Where(m => m.Version <= target && !applied.Contains(m.Version)))
        {
            await database.InTransactionAsync(async (connection, transaction) =>
            {
                foreach (var statement in migration.Statements(dialect))
                    await connection.ExecuteAsync(statement, transaction: transaction);
                await RecordAsync(connection, transaction, dialect, migration, clock);
                return 0;
            }, ct);
        }
    }

    /// <summary>The newest migration the database has run; 0 for an empty database.</summary>
    public static async Task<int> VersionAsync(PlatformDatabase database, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var tables = (await connection.QueryAsync<string>(database.Dialect.ListTables)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!tables.Contains(VersionTable)) return 0;
        return (int)(await connection.ExecuteScalarAsync<long?>($"SELECT MAX(version) FROM {VersionTable}") ?? 0);
    }

    private static Task RecordAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, SystemMigration migration, TimeProvider? clock) =>
        connection.ExecuteAsync(
            $"INSERT INTO {VersionTable} (version, name, applied_at) VALUES (@version, @name, @at)",
            new
            {
                version = (long)migration.Version, name = migration.Name,
                at = dialect.ToDb(ColumnType.DateTime, (clock ?? TimeProvider.System).GetUtcNow().UtcDateTime),
            }, transaction);
}
