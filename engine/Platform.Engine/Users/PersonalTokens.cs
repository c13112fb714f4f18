using System.Text.Json;
using Dapper;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Users;

/// <summary>A personal token as its owner sees it later: never the token itself, only how to recognise and revoke it.</summary>
public sealed record PersonalToken(string Id, string Name, IReadOnlyList<string>? Apps, bool ReadOnly, DateTime CreatedAt, DateTime ExpiresAt);

/// <summary>
/// Personal API tokens for scripts and integrations: named, limited to chosen apps and to reading if asked, expiring,
/// revocable, shown once and stored only as a hash. They never carry admin rights, whoever makes them.
/// </summary>
public sealed class PersonalTokens(PlatformDatabase database, TimeProvider clock)
{
    public const int MaxDays = 366;
    public const int MaxPerUser = 50;

    /// <summary>Makes a token; the answer is the only time the token itself is seen.</summary>
    public async Task<(IssuedToken Token, PersonalToken Info)> CreateAsync(long userId, string? name, IReadOnlyList<string>? apps, bool readOnly, int days,
        CancellationToken ct = default)
    {
        var errors = new List<ValidationError>();
        name = name?.Trim();
        if (string.IsNullOrEmpty(name)) errors.Add(new("name", "required"));
        else if (name.Length > 100) errors.Add(new("name", "text.tooLong", 100));
        if (days is < 1 or > MaxDays) errors.Add(new("expiresInDays", "number.range"));
        if (apps is { Count: 0 }) errors.Add(new("apps", "list.empty"));
        await using var connection = await database.OpenAsync(ct);
        if (apps is not null)
        {
            var known = (await connection.QueryAsync<string>("SELECT app_key FROM pf_apps WHERE deleted_at IS NULL")).ToHashSet(StringComparer.Ordinal);
            foreach (var (app, i) in apps.Select((a, i) => (a, i)).Where(a => !known.Contains(a.a))) errors.Add(new($"apps[{i}]", "app.notFound", app));
        }
        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pf_tokens WHERE user_id = @userId AND name IS NOT NULL", new { userId }) >= MaxPerUser)
            errors.Add(new("name", "list.tooMany", MaxPerUser));
        if (errors.Count > 0) throw new ValidationFailedException(errors);

        var now = clock.GetUtcNow().UtcDateTime;
        var token = UserService.NewTokenText();
        var expires = now.AddDays(days);
        var dialect = database.Dialect;
        await connection.ExecuteAsync("INSERT INTO pf_tokens (token_hash, user_id, expires_at, name, apps, read_only, created_at) " +
                                      "VALUES (@hash, @userId, @expires, @name, @apps, @readOnly, @now)", new
                                      {
                                          hash = UserService.HashToken(token), userId, expires = dialect.ToDb(ColumnType.DateTime, expires), name,
                                          apps = apps is null ? null : JsonSerializer.Serialize(apps), readOnly = dialect.ToDb(ColumnType.Boolean, readOnly),
                                          now = dialect.ToDb(ColumnType.DateTime, now),
                                      });
        return (new IssuedToken(token, expires) { UserId = userId }, new PersonalToken(Id(UserService.HashToken(token)), name!, apps, readOnly, now, expires));
    }

    public async Task<IReadOnlyList<PersonalToken>> ListAsync(long userId, CancellationToken ct = default)
    {
        var dialect = database.Dialect;
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Hash, string Name, string? Apps, object ReadOnly, object CreatedAt, object ExpiresAt)>(
            "SELECT token_hash, name, apps, read_only, created_at, expires_at FROM pf_tokens WHERE user_id = @userId AND name IS NOT NULL ORDER BY created_at",
            new { userId });
        return rows.Select(r => new PersonalToken(Id(r.Hash), r.Name, r.Apps is null ? null : JsonSerializer.Deserialize<List<string>>(r.Apps),
            dialect.FromDb(ColumnType.Boolean, r.ReadOnly) is true, (DateTime)dialect.FromDb(ColumnType.DateTime, r.CreatedAt)!,
            (DateTime)dialect.FromDb(ColumnType.DateTime, r.ExpiresAt)!)).ToList();
    }

    /// <summary>Revokes one of the user's personal tokens: it is refused from the next call on.</summary>
    public async Task RevokeAsync(long userId, string id, CancellationToken ct = default)
    {
        var mine = (await ListAsync(userId, ct)).Any(t => t.Id == id);
        if (!mine || id.Length != 16) throw new NotFoundException("token.notFound", id);
        await database.InTransactionAsync((connection, transaction) => connection.ExecuteAsync(
            "DELETE FROM pf_tokens WHERE user_id = @userId AND name IS NOT NULL AND token_hash LIKE @prefix",
            new { userId, prefix = id.ToUpperInvariant() + "%" }, transaction), ct);
    }

    /// <summary>A token's id: the start of its hash (the hash is not secret, and its start names it among one user's).</summary>
    private static string Id(string hash) => hash[..16].ToLowerInvariant();
}
