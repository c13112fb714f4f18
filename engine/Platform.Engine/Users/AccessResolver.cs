using System.Collections.Concurrent;
using Dapper;
using Platform.Engine.Records;
using Platform.Engine.Storage;

namespace Platform.Engine.Users;

/// <summary>
/// Works out a user's rights from their roles' permissions once, and keeps them until the directory's version moves
/// (a role, a role member or a permission changed, in any process): a member's request then costs one small read
/// (the version, a statement kept prepared) on top of an admin's, with no permission lookups of its own.
/// </summary>
public sealed class AccessResolver(PlatformDatabase database)
{
    private const int MaxCached = 10_000;
    private static readonly Storage.SqlArgs NoArgs = new();
    private readonly ConcurrentDictionary<long, (long Version, IAccessRules Rules)> _cache = new();

    /// <summary>The rules for a user; admins may do everything.</summary>
    /// <param name="directoryVersion">
    /// The directory's version when the caller has just read it (with the user, at sign-in of this request), sparing a
    /// read of its own; read here when not given.
    /// </param>
    public async ValueTask<IAccessRules> ForUserAsync(long userId, bool isAdmin, long? directoryVersion = null, CancellationToken ct = default)
    {
        if (isAdmin) return GivenAccess.Everything;
        var version = directoryVersion ?? await VersionAsync(ct);
        if (_cache.TryGetValue(userId, out var known) && known.Version == version) return known.Rules;
        var rules = await LoadAsync(userId, ct);
        if (_cache.Count >= MaxCached) _cache.Clear();
        _cache[userId] = (version, rules);
        return rules;
    }

    private async Task<long> VersionAsync(CancellationToken ct)
    {
        await using var reading = await database.ReadAsync(ct);
        await using var reader = await reading.Commands.ReaderAsync(DirectoryChanges.Read, NoArgs, ct);
        return await reader.ReadAsync(ct) ? Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    private async Task<IAccessRules> LoadAsync(long userId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var secured = (await connection.QueryAsync<(string App, string Form)>($"SELECT DISTINCT a.app_key, p.form_key {PermissionService.Stored}")).ToHashSet();
        return new RoleAccess(secured, await PermissionService.HeldAsync(connection, userId));
    }
}
