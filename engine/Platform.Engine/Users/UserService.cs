using System.Security.Cryptography;
using System.Text;
using Dapper;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Users;

public sealed record PlatformUser(long Id, string Email, string? Name, bool IsAdmin)
{
    /// <summary>An admin reset the password: nothing but changing it is allowed until it is changed.</summary>
    public bool MustChangePassword { get; init; }

    /// <summary>The apps a personal token is limited to; null for every app.</summary>
    public IReadOnlySet<string>? TokenApps { get; init; }

    /// <summary>A personal token that may only read.</summary>
    public bool TokenReadOnly { get; init; }

    /// <summary>Signed in with a personal token (which never carries admin rights).</summary>
    public bool Personal { get; init; }

    /// <summary>The directory's version, read with the user: rights worked out at an older one are worked out again.</summary>
    public long DirectoryVersion { get; init; }

    /// <summary>The values of the attributes an admin defined, as the user has them now.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    /// <summary>The credential this user signed in with (its stored hash), e.g. to limit each token's rate.</summary>
    public string Credential { get; init; } = "";
}

/// <summary>Too many failed sign-ins: the account is locked until <see cref="Until"/>, even for the right password.</summary>
public sealed class AccountLockedException(DateTime until, int minutes) : PlatformException(Messages.Format("auth.locked", "en", minutes))
{
    public DateTime Until { get; } = until;

    public int Minutes { get; } = minutes;
}

public sealed record IssuedToken(string Token, DateTime ExpiresAt)
{
    public long UserId { get; init; }
}

/// <summary>A person as the directory knows them. A disabled user keeps their records and history but cannot sign in.</summary>
public sealed record UserProfile(long Id, string Email, string? Name, string? Phone, string? Locale, string? TimeZone, bool IsAdmin, bool Active)
{
    public static readonly IReadOnlyDictionary<string, string> NoAttributes = new Dictionary<string, string>();

    /// <summary>The values of the attributes an admin defined (see <see cref="UserAttributes"/>).</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = NoAttributes;
}

/// <summary>What an admin (or the user, for themselves) changes of a profile; null leaves a value as it is.</summary>
public sealed record ProfileChange(string? Name = null, string? Phone = null, string? Locale = null, string? TimeZone = null)
{
    /// <summary>Attribute values to set (null clears one); attributes not named keep their values.</summary>
    public IReadOnlyDictionary<string, string?>? Attributes { get; init; }
}

/// <summary>
/// Users and their API tokens. Tokens are random and stored only as a SHA-256 hash, so a database copy cannot be
/// replayed; they expire and can be revoked by deleting the row. Every request looks its token up (one indexed read, a
/// statement kept prepared), so a revoked token or a disabled user is refused on the very next call, whichever process
/// made the change.
/// </summary>
public sealed class UserService(PlatformDatabase database, TimeProvider clock)
{
    public static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromHours(12);

    /// <summary>Failed sign-ins in a row that lock an account, and for how long.</summary>
    public const int MaxFailedSignIns = 5;

    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);

    private const string TokenLookup =
        "SELECT u.id, u.email, u.name, u.is_admin, t.expires_at, u.must_change_password, t.name, t.apps, t.read_only, (" + DirectoryChanges.Read + "), u.attributes " +
        "FROM pf_tokens t JOIN pf_users u ON u.id = t.user_id " +
        "WHERE t.token_hash = @a0 AND u.disabled_at IS NULL";

    /// <param name="profile">The rest of the profile (phone, language, time zone, attributes), checked with the rest and
    /// written in the same transaction: a bad value creates no user.</param>
    public async Task<PlatformUser> CreateAsync(string email, string password, string? name, bool isAdmin, ProfileChange? profile = null,
        CancellationToken ct = default)
    {
        var errors = new List<ValidationError>();
        email = email.Trim();
        if (email.Length is 0 or > 256 || !email.Contains('@', StringComparison.Ordinal)) errors.Add(new("email", "format.email"));
        errors.AddRange(Passwords.Check(password));
        profile = (profile ?? new ProfileChange()) with { Name = name };
        errors.AddRange(ProfileErrors(profile));
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        var dialect = database.Dialect;
        try
        {
            var id = await database.InTransactionAsync(async (connection, transaction) =>
            {
                var id = await connection.ExecuteScalarAsync<long>(
                    dialect.InsertReturningId("pf_users", ["email", "name", "password_hash", "is_admin", "created_at"]),
                    new
                    {
                        p0 = email.ToLowerInvariant(), p1 = name, p2 = PasswordHasher.Hash(password), p3 = dialect.ToDb(ColumnType.Boolean, isAdmin),
                        p4 = dialect.ToDb(ColumnType.DateTime, clock.GetUtcNow().UtcDateTime),
                    }, transaction);
                // The name is in the row already; the rest only when there is some.
                if (profile is { Phone: not null } or { Locale: not null } or { TimeZone: not null } or { Attributes.Count: > 0 })
                    await WriteProfileAsync(connection, transaction, id, profile with { Name = null });
                return id;
            }, ct);
            return new PlatformUser(id, email.ToLowerInvariant(), name, isAdmin);
        }
        catch (Exception e) when (dialect.IsUniqueViolation(e))
        {
            throw new ConflictException("user.exists", email);
        }
    }

    private const string ProfileColumns = "id, email, name, phone, locale, time_zone, is_admin, disabled_at, attributes";

    /// <summary>Those of <paramref name="ids"/> who exist and are not disabled, in id order.</summary>
    public async Task<IReadOnlyList<long>> ActiveAmongAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return [];
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<long>($"SELECT id FROM pf_users WHERE disabled_at IS NULL AND {database.Dialect.InIds("id", "@ids")} ORDER BY id",
            new { ids = database.Dialect.IdsParameter(ids) })).ToList();
    }

    public async Task<IReadOnlyList<UserProfile>> ListAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync($"SELECT {ProfileColumns} FROM pf_users ORDER BY id")).Select(r => Profile((IDictionary<string, object?>)r)).ToList();
    }

    /// <summary>The user with this email (as stored: trimmed, lower case), or 404 <c>user.notFound</c>.</summary>
    public async Task<UserProfile> GetByEmailAsync(string email, CancellationToken ct = default)
    {
        var address = email.Trim().ToLowerInvariant();
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync($"SELECT {ProfileColumns} FROM pf_users WHERE email = @address", new { address });
        return row is IDictionary<string, object?> r ? Profile(r) : throw new NotFoundException("user.notFound", address);
    }

    public async Task<UserProfile> GetAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync($"SELECT {ProfileColumns} FROM pf_users WHERE id = @id", new { id });
        return row is IDictionary<string, object?> r ? Profile(r) : throw new NotFoundException("user.notFound", id);
    }

    /// <summary>Changes a profile: name, phone, language (<c>en</c> or <c>zh-CN</c>) and time zone (an IANA name such as Asia/Shanghai).</summary>
    public async Task<UserProfile> UpdateAsync(long id, ProfileChange change, CancellationToken ct = default)
    {
        if (ProfileErrors(change) is { Count: > 0 } errors) throw new ValidationFailedException(errors);
        var changed = await database.InTransactionAsync((connection, transaction) => WriteProfileAsync(connection, transaction, id, change), ct);
        if (changed == 0) throw new NotFoundException("user.notFound", id);
        return await GetAsync(id, ct);
    }

    private static List<ValidationError> ProfileErrors(ProfileChange change)
    {
        var errors = new List<ValidationError>();
        if (change.Name is { Length: > 100 }) errors.Add(new("name", "text.tooLong", 100));
        if (change.Phone is { } phone && (phone.Length > 30 || !phone.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')')))
            errors.Add(new("phone", "format.phone"));
        if (change.Locale is { } locale && locale is not ("en" or "zh-CN")) errors.Add(new("locale", "user.locale"));
        if (change.TimeZone is { } zone && (zone.Length > 64 || !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))) errors.Add(new("timeZone", "user.timeZone", zone));
        foreach (var (key, value) in change.Attributes ?? new Dictionary<string, string?>())
            if (value is { Length: > UserAttributes.MaxValueLength }) errors.Add(new($"attributes.{key}", "text.tooLong", UserAttributes.MaxValueLength));
        return errors;
    }

    /// <summary>Writes what a checked change sends (null leaves a value as it is); the number of users changed.</summary>
    private static async Task<int> WriteProfileAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, long id, ProfileChange change)
    {
        var count = await connection.ExecuteAsync(
            "UPDATE pf_users SET name = COALESCE(@name, name), phone = COALESCE(@phone, phone), locale = COALESCE(@locale, locale), " +
            "time_zone = COALESCE(@zone, time_zone) WHERE id = @id",
            new { id, name = change.Name?.Trim(), phone = change.Phone?.Trim(), locale = change.Locale, zone = change.TimeZone }, transaction);
        if (count > 0 && change.Attributes is { Count: > 0 } attributes) await SetAttributesAsync(connection, transaction, id, attributes);
        return count;
    }

    /// <summary>Merges attribute values into the user's, each key checked against the attributes defined.</summary>
    private static async Task SetAttributesAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, long id,
        IReadOnlyDictionary<string, string?> attributes)
    {
        var defined = await UserAttributes.DefinedAsync(connection, transaction);
        var unknown = attributes.Keys.Where(k => !defined.Contains(k)).Select(k => new ValidationError($"attributes.{k}", "user.unknownAttribute", k)).ToList();
        if (unknown.Count > 0) throw new ValidationFailedException(unknown);
        var stored = await connection.ExecuteScalarAsync<string?>("SELECT attributes FROM pf_users WHERE id = @id", new { id }, transaction);
        var values = ReadAttributes(stored);
        foreach (var (key, value) in attributes)
        {
            if (string.IsNullOrEmpty(value)) values.Remove(key);
            else values[key] = value;
        }
        await connection.ExecuteAsync("UPDATE pf_users SET attributes = @json WHERE id = @id",
            new { id, json = values.Count == 0 ? null : System.Text.Json.JsonSerializer.Serialize(values) }, transaction);
    }

    private static Dictionary<string, string> ReadAttributes(object? json) =>
        json is string { Length: > 0 } text ? System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(text) ?? [] : [];

    /// <summary>Disables or enables a user. A disabled user's tokens stop working at once.</summary>
    public async Task<UserProfile> SetActiveAsync(long id, bool active, CancellationToken ct = default)
    {
        var disabledAt = active ? null : database.Dialect.ToDb(ColumnType.DateTime, clock.GetUtcNow().UtcDateTime);
        var changed = await database.InTransactionAsync((connection, transaction) => connection.ExecuteAsync(
            "UPDATE pf_users SET disabled_at = @disabledAt WHERE id = @id", new { id, disabledAt }, transaction), ct);
        if (changed == 0) throw new NotFoundException("user.notFound", id);
        return await GetAsync(id, ct);
    }

    private UserProfile Profile(IDictionary<string, object?> r)
    {
        var dialect = database.Dialect;
        return new UserProfile((long)dialect.FromDb(ColumnType.Integer, r["id"])!, (string)r["email"]!, r["name"] as string, r["phone"] as string,
            r["locale"] as string, r["time_zone"] as string, (bool)dialect.FromDb(ColumnType.Boolean, r["is_admin"])!, r["disabled_at"] is null or DBNull)
        {
            Attributes = ReadAttributes(r["attributes"]),
        };
    }

    public async Task<bool> AnyAsync(CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pf_users") > 0;
    }

    /// <summary>A token for the user with this email and password, or null when either is wrong.</summary>
    private static readonly Lazy<string> UnknownUserHash = new(() => PasswordHasher.Hash(Guid.NewGuid().ToString()));

    public async Task<IssuedToken?> IssueTokenAsync(string email, string password, TimeSpan? lifetime = null, CancellationToken ct = default)
    {
        var dialect = database.Dialect;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await database.OpenAsync(ct);
        var user = await connection.QuerySingleOrDefaultAsync<(long Id, string Hash, object? LockedUntil, object? MustChange)>(
            "SELECT id, password_hash, locked_until, must_change_password FROM pf_users WHERE email = @email AND disabled_at IS NULL",
            new { email = email.Trim().ToLowerInvariant() });
        // An unknown email costs the same hashing as a wrong password, so timing does not tell which emails exist.
        var right = PasswordHasher.Verify(password, user.Hash ?? UnknownUserHash.Value) && user.Hash is not null;
        if (user.Hash is not null && dialect.FromDb(ColumnType.DateTime, user.LockedUntil) is DateTime until && until > now)
            throw new AccountLockedException(until, (int)LockoutTime.TotalMinutes);
        if (!right)
        {
            if (user.Hash is not null) await FailedSignInAsync(user.Id, now);
            return null;
        }
        await connection.ExecuteAsync("UPDATE pf_users SET failed_sign_ins = 0, locked_until = NULL WHERE id = @id", new { id = user.Id });
        return await NewTokenAsync(connection, user.Id, now, lifetime);
    }

    /// <summary>Another failed sign-in: the fifth in a row locks the account for <see cref="LockoutTime"/>.</summary>
    private Task FailedSignInAsync(long id, DateTime now) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var failed = await connection.ExecuteScalarAsync<long?>("SELECT failed_sign_ins FROM pf_users WHERE id = @id", new { id }, transaction) ?? 0;
            var locks = failed + 1 >= MaxFailedSignIns;
            return await connection.ExecuteAsync("UPDATE pf_users SET failed_sign_ins = @count, locked_until = @until WHERE id = @id", new
            {
                id, count = locks ? 0 : failed + 1, until = locks ? database.Dialect.ToDb(ColumnType.DateTime, now + LockoutTime) : null,
            }, transaction);
        });

    /// <summary>Changes a user's own password (knowing the current one): every token of theirs stops working, and a new one is given.</summary>
    public async Task<IssuedToken> ChangePasswordAsync(long id, string current, string replacement, CancellationToken ct = default)
    {
        var errors = Passwords.Check(replacement, "newPassword").ToList();
        await using var connection = await database.OpenAsync(ct);
        var hash = await connection.ExecuteScalarAsync<string?>("SELECT password_hash FROM pf_users WHERE id = @id", new { id }) ?? throw new NotFoundException("user.notFound", id);
        if (!PasswordHasher.Verify(current, hash)) errors.Insert(0, new ValidationError("currentPassword", "password.wrong"));
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        await SetPasswordAsync(id, replacement, mustChange: false, ct);
        return await NewTokenAsync(connection, id, clock.GetUtcNow().UtcDateTime, null);
    }

    /// <summary>An admin sets a user's password: their tokens stop working, and they must change it before anything else.</summary>
    public async Task ResetPasswordAsync(long id, string password, CancellationToken ct = default)
    {
        var errors = Passwords.Check(password).ToList();
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        if (!await SetPasswordAsync(id, password, mustChange: true, ct)) throw new NotFoundException("user.notFound", id);
    }

    private Task<bool> SetPasswordAsync(long id, string password, bool mustChange, CancellationToken ct) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var changed = await connection.ExecuteAsync(
                "UPDATE pf_users SET password_hash = @hash, must_change_password = @mustChange, failed_sign_ins = 0, locked_until = NULL WHERE id = @id",
                new { id, hash = PasswordHasher.Hash(password), mustChange = database.Dialect.ToDb(ColumnType.Boolean, mustChange) }, transaction);
            await connection.ExecuteAsync("DELETE FROM pf_tokens WHERE user_id = @id", new { id }, transaction);
            return changed > 0;
        }, ct);

    private async Task<IssuedToken> NewTokenAsync(System.Data.Common.DbConnection connection, long userId, DateTime now, TimeSpan? lifetime)
    {
        var token = NewTokenText();
        var expires = now + (lifetime ?? DefaultTokenLifetime);
        await connection.ExecuteAsync("INSERT INTO pf_tokens (token_hash, user_id, expires_at) VALUES (@hash, @id, @expires)",
            new { hash = HashToken(token), id = userId, expires = database.Dialect.ToDb(ColumnType.DateTime, expires) });
        return new IssuedToken(token, expires) { UserId = userId };
    }

    /// <summary>The user a token belongs to, if it exists, has not expired and its user is not disabled.</summary>
    public async Task<PlatformUser?> AuthenticateAsync(string token, CancellationToken ct = default)
    {
        if (token.Length is 0 or > 200) return null;
        var args = new SqlArgs();
        var hash = HashToken(token);
        args.Add(hash);
        await using var reading = await database.ReadAsync(ct);
        await using var reader = await reading.Commands.ReaderAsync(TokenLookup, args, ct);
        if (!await reader.ReadAsync(ct)) return null;
        var dialect = database.Dialect;
        var expires = (DateTime)dialect.FromDb(ColumnType.DateTime, reader.GetValue(4))!;
        if (expires <= clock.GetUtcNow().UtcDateTime) return null;
        var personal = !reader.IsDBNull(6);
        return new PlatformUser((long)dialect.FromDb(ColumnType.Integer, reader.GetValue(0))!, reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
            !personal && (bool)dialect.FromDb(ColumnType.Boolean, reader.GetValue(3))!)
        {
            MustChangePassword = dialect.FromDb(ColumnType.Boolean, reader.GetValue(5)) is true,
            Personal = personal,
            TokenApps = reader.IsDBNull(7) ? null : System.Text.Json.JsonSerializer.Deserialize<HashSet<string>>(reader.GetString(7)),
            TokenReadOnly = dialect.FromDb(ColumnType.Boolean, reader.GetValue(8)) is true,
            DirectoryVersion = reader.IsDBNull(9) ? 0 : (long)dialect.FromDb(ColumnType.Integer, reader.GetValue(9))!,
            Credential = hash,
            Attributes = ReadAttributes(reader.GetValue(10)),
        };
    }

    /// <summary>Ends a sign-in: the token (or web session) is refused from the next call on.</summary>
    public async Task RevokeTokenAsync(string token, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync("DELETE FROM pf_tokens WHERE token_hash = @hash AND name IS NULL", new { hash = HashToken(token) });
    }

    /// <summary>Refuses (as a bad <c>userId</c>) an id no user of the directory has.</summary>
    internal static async Task RequireAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, long userId)
    {
        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pf_users WHERE id = @userId", new { userId }, transaction) == 0)
            throw new ValidationFailedException([new("userId", "user.missing", userId)]);
    }

    internal static string NewTokenText() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static string HashToken(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
