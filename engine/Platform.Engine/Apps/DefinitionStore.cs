using System.Data.Common;
using Dapper;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Apps;

/// <summary>A published version of a definition (a report, a dashboard, a view): its JSON as saved, its number and when it was last changed.</summary>
public sealed record StoredDefinition(string Key, string Json, int Version, DateTime UpdatedAt);

/// <summary>
/// Definitions of an app (reports, dashboards, views) as numbered versions (one key space per <c>kind</c>): the current one is read, an older
/// one can be; deleting keeps the versions and frees nothing but the name's place in lists.
/// </summary>
internal sealed class DefinitionStore(PlatformDatabase database, TimeProvider clock, string kind, string notFound)
{
    public async Task<IReadOnlyList<StoredDefinition>> ListAsync(string appKey, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var app = await AppService.FindAsync(connection, appKey, null) ?? throw new NotFoundException("app.notFound", appKey);
        var rows = await connection.QueryAsync<Row>(
            "SELECT r.report_key AS ReportKey, r.version AS Version, r.updated_at AS UpdatedAt, v.definition AS Definition FROM pf_reports r " +
            "JOIN pf_report_versions v ON v.report_id = r.id AND v.version = r.version " +
            "WHERE r.app_id = @app AND r.kind = @kind AND r.deleted_at IS NULL ORDER BY r.report_key", new { app = app.Id, kind });
        return rows.Select(Stored).ToList();
    }

    public async Task<StoredDefinition> GetAsync(string appKey, string key, int? version, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await FindAsync(connection, null, appKey, key);
        var wanted = version ?? (int)row.Version;
        if (wanted < 1 || wanted > row.Version) throw new NotFoundException(notFound, $"{key} v{wanted}");
        row.Definition = await connection.ExecuteScalarAsync<string>("SELECT definition FROM pf_report_versions WHERE report_id = @id AND version = @version",
            new { id = row.Id, version = (long)wanted }) ?? throw new NotFoundException(notFound, key);
        row.Version = wanted;
        return Stored(row);
    }

    /// <summary>
    /// Saves <paramref name="json"/> as the next version of <paramref name="key"/> (its first when new, or when it was deleted); returns the
    /// version. With <paramref name="expected"/>, only over that version (0: none, or deleted), else a conflict naming <paramref name="changed"/>.
    /// </summary>
    public Task<int> PublishAsync(string appKey, string key, string json, long? userId, bool dryRun, CancellationToken ct, int? expected = null, string changed = "") =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var app = await AppService.FindAsync(connection, appKey, transaction) ?? throw new NotFoundException("app.notFound", appKey);
            var row = await connection.QuerySingleOrDefaultAsync<Row>(
                "SELECT id AS Id, version AS Version, deleted_at AS DeletedAt FROM pf_reports WHERE app_id = @app AND kind = @kind AND report_key = @key",
                new { app = app.Id, kind, key }, transaction);
            var current = row is null || row.DeletedAt is not null ? 0 : (int)row.Version;
            if (expected is { } wanted && wanted != current) throw new ConflictException(changed, current);
            var version = (int)(row?.Version ?? 0) + 1;
            if (dryRun) return version;
            var now = database.Dialect.ToDb(ColumnType.DateTime, clock.GetUtcNow().UtcDateTime);
            var id = row?.Id ?? await connection.ExecuteScalarAsync<long>(
                database.Dialect.InsertReturningId("pf_reports", ["app_id", "kind", "report_key", "version", "created_at", "updated_at"]),
                new { p0 = app.Id, p1 = kind, p2 = key, p3 = 0L, p4 = now, p5 = now }, transaction);
            await connection.ExecuteAsync(database.Dialect.Insert("pf_report_versions", ["report_id", "version", "definition", "published_at", "published_by"]),
                new { p0 = id, p1 = (long)version, p2 = json, p3 = now, p4 = userId }, transaction);
            await connection.ExecuteAsync("UPDATE pf_reports SET version = @version, updated_at = @now, deleted_at = NULL WHERE id = @id",
                new { version = (long)version, now, id }, transaction);
            return version;
        }, ct);

    public Task DeleteAsync(string appKey, string key, CancellationToken ct) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var row = await FindAsync(connection, transaction, appKey, key);
            return await connection.ExecuteAsync("UPDATE pf_reports SET deleted_at = @now WHERE id = @id",
                new { id = row.Id, now = database.Dialect.ToDb(ColumnType.DateTime, clock.GetUtcNow().UtcDateTime) }, transaction);
        }, ct);

    private async Task<Row> FindAsync(DbConnection connection, DbTransaction? transaction, string appKey, string key)
    {
        var app = await AppService.FindAsync(connection, appKey, transaction) ?? throw new NotFoundException("app.notFound", appKey);
        return await connection.QuerySingleOrDefaultAsync<Row>(
            "SELECT id AS Id, report_key AS ReportKey, version AS Version, updated_at AS UpdatedAt FROM pf_reports " +
            "WHERE app_id = @app AND kind = @kind AND report_key = @key AND deleted_at IS NULL",
            new { app = app.Id, kind, key }, transaction) ?? throw new NotFoundException(notFound, key);
    }

    private StoredDefinition Stored(Row row) =>
        new(row.ReportKey, row.Definition, (int)row.Version, (DateTime)database.Dialect.FromDb(ColumnType.DateTime, row.UpdatedAt)!);

    private sealed class Row
    {
        public long Id { get; set; }
        public string ReportKey { get; set; } = "";
        public long Version { get; set; }
        public object? UpdatedAt { get; set; }
        public object? DeletedAt { get; set; }
        public string Definition { get; set; } = "";
    }
}
