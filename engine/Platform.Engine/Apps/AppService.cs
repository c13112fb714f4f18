using System.Text.Json;
using Dapper;
using Platform.Engine.Forms;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Apps;

/// <summary>Creates, lists, renames and deletes apps. A deleted app keeps its key and its data; a new one gets what the starters give.</summary>
public sealed class AppService(PlatformDatabase database, TimeProvider clock, IEnumerable<IAppStarter>? starters = null)
{
    private const string Columns = "id, app_key, name, description, created_at, updated_at";

    public async Task<IReadOnlyList<AppInfo>> ListAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<AppRow>($"SELECT {Columns} FROM pf_apps WHERE deleted_at IS NULL ORDER BY app_key");
        return rows.Select(ToInfo).ToList();
    }

    public async Task<AppInfo> GetAsync(string key, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return ToInfo(await FindAsync(connection, key, null) ?? throw new NotFoundException("app.notFound", key));
    }

    public async Task<AppInfo> CreateAsync(string key, LocalizedText? name, string? description, CancellationToken ct = default)
    {
        var errors = Check(key, name, description);
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        var now = database.Dialect.ToDb(ColumnType.DateTime, clock.GetUtcNow().UtcDateTime);
        try
        {
            await database.InTransactionAsync(async (connection, transaction) =>
                await connection.ExecuteAsync(
                    "INSERT INTO pf_apps (app_key, name, description, created_at, updated_at) VALUES (@key, @name, @description, @now, @now)",
                    new { key, name = Serialize(name), description, now }, transaction), ct);
        }
        catch (Exception e) when (database.Dialect.IsUniqueViolation(e))
        {
            throw new ConflictException("app.exists", key);
        }
        foreach (var starter in starters ?? []) await starter.StartAsync(key, ct);
        return await GetAsync(key, ct);
    }

    public async Task<AppInfo> UpdateAsync(string key, LocalizedText? name, string? description, CancellationToken ct = default)
    {
        var errors = Check(key, name, description);
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        var now = database.Dialect.ToDb(ColumnType.DateTime, clock.GetUtcNow().UtcDateTime);
        var changed = await database.InTransactionAsync((connection, transaction) => connection.ExecuteAsync(
            "UPDATE pf_apps SET name = @name, description = @description, updated_at = @now WHERE app_key = @key AND deleted_at IS NULL",
            new { key, name = Serialize(name), description, now }, transaction), ct);
        if (changed == 0) throw new NotFoundException("app.notFound", key);
        return await GetAsync(key, ct);
    }

    public async Task DeleteAsync(string key, CancellationToken ct = default)
    {
        var now = database.Dialect.ToDb(ColumnType.DateTime, clock.GetUtcNow().UtcDateTime);
        var changed = await database.InTransactionAsync((connection, transaction) => connection.ExecuteAsync(
            "UPDATE pf_apps SET deleted_at = @now WHERE app_key = @key AND deleted_at IS NULL", new { key, now }, transaction), ct);
        if (changed == 0) throw new NotFoundException("app.notFound", key);
    }

    internal static Task<AppRow?> FindAsync(System.Data.Common.DbConnection connection, string key, System.Data.Common.DbTransaction? transaction) =>
        connection.QuerySingleOrDefaultAsync<AppRow>($"SELECT {Columns} FROM pf_apps WHERE app_key = @key AND deleted_at IS NULL", new { key }, transaction);

    private static List<ValidationError> Check(string key, LocalizedText? name, string? description)
    {
        var errors = new List<ValidationError>();
        if (!FormKeys.IsValid(key)) errors.Add(new("key", "key.invalid"));
        if (name?.AllTexts.Any(t => t.Length > 200) == true) errors.Add(new("name", "text.length", 200));
        if (description is { Length: > 2000 }) errors.Add(new("description", "text.length", 2000));
        return errors;
    }

    private static string? Serialize(LocalizedText? name) => name is null ? null : JsonSerializer.Serialize(name, FormJson.Options);

    private AppInfo ToInfo(AppRow row) => new(
        row.AppKey,
        row.Name is null ? null : JsonSerializer.Deserialize<LocalizedText>(row.Name, FormJson.Options),
        row.Description,
        (DateTime)database.Dialect.FromDb(ColumnType.DateTime, row.CreatedAt)!,
        (DateTime)database.Dialect.FromDb(ColumnType.DateTime, row.UpdatedAt)!);
}
