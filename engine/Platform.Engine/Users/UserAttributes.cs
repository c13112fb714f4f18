using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Dapper;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Users;

/// <summary>An attribute of people an admin defined, such as a sales region.</summary>
public sealed record UserAttribute(string Key, string Name);

/// <summary>
/// The attributes of people an admin defines (a sales region, a cost centre). A user's values are theirs to be read by
/// row scopes and filters as <c>{"me": "region"}</c>: the caller's own value. Defining or removing one raises the
/// directory's version, so every process sees the new set on its next request.
/// </summary>
public sealed partial class UserAttributes(PlatformDatabase database, TimeProvider clock)
{
    public const int MaxValueLength = 200;
    private readonly ConcurrentDictionary<long, IReadOnlySet<string>> _keysByVersion = new();

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9_]{0,39}$")]
    private static partial Regex KeyPattern();

    public async Task<IReadOnlyList<UserAttribute>> ListAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<(string Key, string Name)>("SELECT attr_key, name FROM pf_user_attributes ORDER BY attr_key"))
            .Select(a => new UserAttribute(a.Key, a.Name)).ToList();
    }

    /// <summary>Defines an attribute, or renames it.</summary>
    public async Task<UserAttribute> SetAsync(string key, string? name, CancellationToken ct = default)
    {
        var errors = new List<ValidationError>();
        if (!KeyPattern().IsMatch(key)) errors.Add(new("key", "attribute.key"));
        if (string.IsNullOrWhiteSpace(name)) errors.Add(new("name", "required"));
        else if (name.Length > 100) errors.Add(new("name", "text.tooLong", 100));
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            if (await connection.ExecuteAsync("UPDATE pf_user_attributes SET name = @name WHERE attr_key = @key", new { key, name }, transaction) == 0)
                await connection.ExecuteAsync("INSERT INTO pf_user_attributes (attr_key, name, created_at) VALUES (@key, @name, @now)",
                    new { key, name, now = database.Dialect.ToDb(ColumnType.DateTime, clock.GetUtcNow().UtcDateTime) }, transaction);
            await DirectoryChanges.RaiseAsync(connection, transaction);
            return 0;
        }, ct);
        return new UserAttribute(key, name!.Trim());
    }

    /// <summary>Removes an attribute no permission names any more; people's values of it are no longer read.</summary>
    public async Task DeleteAsync(string key, CancellationToken ct = default)
    {
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            var definitions = await connection.QueryAsync<string>("SELECT definition FROM pf_permissions", transaction: transaction);
            if (definitions.Any(d => PermissionNames(d, key)))
                throw new ValidationFailedException([new("key", "attribute.inUse", key)]);
            if (await connection.ExecuteAsync("DELETE FROM pf_user_attributes WHERE attr_key = @key", new { key }, transaction) == 0)
                throw new NotFoundException("attribute.notFound", key);
            await DirectoryChanges.RaiseAsync(connection, transaction);
            return 0;
        }, ct);
    }

    /// <summary>The keys defined at the directory's <paramref name="version"/> (kept per version: reading them costs nothing per request).</summary>
    public async ValueTask<IReadOnlySet<string>> KeysAsync(long version, CancellationToken ct = default)
    {
        if (_keysByVersion.TryGetValue(version, out var keys)) return keys;
        await using (var connection = await database.OpenAsync(ct)) keys = await DefinedAsync(connection, null);
        _keysByVersion.Clear();
        _keysByVersion[version] = keys;
        return keys;
    }

    /// <summary>The keys defined now, read in the caller's transaction (a change checks its keys against them).</summary>
    internal static async Task<HashSet<string>> DefinedAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction) =>
        (await connection.QueryAsync<string>("SELECT attr_key FROM pf_user_attributes", transaction: transaction)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The caller's attributes as filters read them: every defined key, with the user's value or null.</summary>
    public static IReadOnlyDictionary<string, string?> Of(IReadOnlySet<string> defined, IReadOnlyDictionary<string, string>? values) =>
        defined.Count == 0 ? None : defined.ToDictionary(k => k, k => values?.GetValueOrDefault(k), StringComparer.Ordinal);

    private static readonly IReadOnlyDictionary<string, string?> None = new Dictionary<string, string?>();

    // A stored permission names an attribute as {"me": "key"} (written by the engine, so with no spaces).
    private static bool PermissionNames(string definition, string key) =>
        definition.Contains($"\"me\":\"{key}\"", StringComparison.Ordinal);
}
