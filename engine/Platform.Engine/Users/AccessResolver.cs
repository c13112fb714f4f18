using System.Collections.Concurrent;
using System.Text.Json;
using Dapper;
using Platform.Engine.Records;
using Platform.Engine.Storage;

namespace Platform.Engine.Users;

/// <summary>
/// Works out a user's rights from their roles' permissions once, and keeps them until a role, a membership or a
/// permission changes in this process, or for <see cref="MaxAge"/> at most (changes made by another process): a
/// member's request then costs what an admin's does, with no permission lookups of its own.
/// </summary>
public sealed class AccessResolver(PlatformDatabase database, TimeProvider clock, DirectoryChanges changes)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private const int MaxCached = 10_000;
    private readonly ConcurrentDictionary<long, (long Version, DateTimeOffset At, IAccessRules Rules)> _cache = new();

    /// <summary>The rules for a user; admins may do everything.</summary>
    public async ValueTask<IAccessRules> ForUserAsync(long userId, bool isAdmin, CancellationToken ct = default)
    {
        if (isAdmin) return GivenAccess.Everything;
        var version = changes.Version;
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(userId, out var known) && known.Version == version && now - known.At < MaxAge) return known.Rules;
        var rules = await LoadAsync(userId, ct);
        if (_cache.Count >= MaxCached) _cache.Clear();
        _cache[userId] = (version, now, rules);
        return rules;
    }

    private async Task<IAccessRules> LoadAsync(long userId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        const string Permissions = "FROM pf_permissions p JOIN pf_roles r ON r.id = p.role_id JOIN pf_apps a ON a.id = r.app_id WHERE a.deleted_at IS NULL";
        var secured = (await connection.QueryAsync<(string App, string Form)>($"SELECT DISTINCT a.app_key, p.form_key {Permissions}")).ToHashSet();
        var mine = await connection.QueryAsync<(string App, string Form, string Definition)>(
            $"SELECT a.app_key, p.form_key, p.definition {Permissions} AND p.role_id IN (SELECT role_id FROM pf_role_members WHERE user_id = @userId)",
            new { userId });
        return new RoleAccess(secured, mine.Select(p =>
        {
            using var json = JsonDocument.Parse(p.Definition);
            return (p.App, p.Form, FormPermission.Parse(json.RootElement, null));
        }).ToList());
    }
}
