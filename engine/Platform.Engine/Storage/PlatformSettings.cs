using Dapper;

namespace Platform.Engine.Storage;

/// <summary>
/// Facts about the installation as a whole, one row per key (<c>pf_settings</c>): the first start's templates were
/// installed… A key is claimed once: on several nodes starting together, exactly one wins it.
/// </summary>
public sealed class PlatformSettings(PlatformDatabase database, TimeProvider clock)
{
    public const string FirstStartTemplates = "first-start.templates";

    public async Task<string?> GetAsync(string key, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT value FROM pf_settings WHERE setting_key = @key", new { key }, cancellationToken: ct));
    }

    /// <summary>Sets <paramref name="key"/> when nothing has yet; false when it was already set (by this process or another).</summary>
    public async Task<bool> ClaimAsync(string key, string value, CancellationToken ct = default)
    {
        var now = database.Dialect.ToDb(ColumnType.DateTime, clock.GetUtcNow().UtcDateTime);
        try
        {
            await database.InTransactionAsync(async (connection, transaction) => await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO pf_settings (setting_key, value, updated_at) VALUES (@key, @value, @now)", new { key, value, now }, transaction, cancellationToken: ct)), ct);
            return true;
        }
        catch (Exception e) when (database.Dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }

    public async Task ReleaseAsync(string key, CancellationToken ct = default) =>
        await database.InTransactionAsync(async (connection, transaction) => await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM pf_settings WHERE setting_key = @key", new { key }, transaction, cancellationToken: ct)), ct);
}
