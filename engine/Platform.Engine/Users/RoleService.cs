using System.Data.Common;
using System.Text.Json;
using Dapper;
using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Users;

public sealed record Role(string App, string Key, LocalizedText Name, IReadOnlyList<long> Members);

/// <summary>
/// Roles belong to an app (a salesperson in the CRM, an approver in purchasing) and hold users. What a role may do on
/// each form is set by the permission layer; here a role is its name and its members.
/// </summary>
public sealed class RoleService(PlatformDatabase database, TimeProvider clock)
{
    public async Task<IReadOnlyList<Role>> ListAsync(string app, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var appId = await AppIdAsync(connection, null, app);
        var roles = (await connection.QueryAsync<(long Id, string Key, string Name)>(
            "SELECT id, role_key, name FROM pf_roles WHERE app_id = @appId ORDER BY role_key", new { appId })).ToList();
        var members = (await connection.QueryAsync<(long RoleId, long UserId)>(
                "SELECT m.role_id, m.user_id FROM pf_role_members m JOIN pf_roles r ON r.id = m.role_id WHERE r.app_id = @appId ORDER BY m.user_id", new { appId }))
            .ToLookup(m => m.RoleId, m => m.UserId);
        return roles.Select(r => new Role(app, r.Key, Name(r.Name), members[r.Id].ToList())).ToList();
    }

    public async Task<Role> GetAsync(string app, string key, CancellationToken ct = default) =>
        (await ListAsync(app, ct)).FirstOrDefault(r => r.Key == key) ?? throw new NotFoundException("role.notFound", key);

    public async Task<Role> CreateAsync(string app, string key, LocalizedText name, CancellationToken ct = default)
    {
        Check(key, name);
        var dialect = database.Dialect;
        try
        {
            await database.InTransactionAsync(async (connection, transaction) => await connection.ExecuteAsync(
                "INSERT INTO pf_roles (app_id, role_key, name, created_at) VALUES (@appId, @key, @name, @now)",
                new
                {
                    appId = await AppIdAsync(connection, transaction, app), key, name = JsonSerializer.Serialize(name, FormJson.Options),
                    now = dialect.ToDb(ColumnType.DateTime, clock.GetUtcNow().UtcDateTime),
                }, transaction), ct);
        }
        catch (Exception e) when (dialect.IsUniqueViolation(e))
        {
            throw new ConflictException("role.exists", key);
        }
        return new Role(app, key, name, []);
    }

    public async Task<Role> RenameAsync(string app, string key, LocalizedText name, CancellationToken ct = default)
    {
        Check(key, name);
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            var id = await RoleIdAsync(connection, transaction, app, key);
            return await connection.ExecuteAsync("UPDATE pf_roles SET name = @name WHERE id = @id",
                new { id, name = JsonSerializer.Serialize(name, FormJson.Options) }, transaction);
        }, ct);
        return await GetAsync(app, key, ct);
    }

    public Task DeleteAsync(string app, string key, CancellationToken ct = default) =>
        ChangedAsync(async (connection, transaction) =>
        {
            var id = await RoleIdAsync(connection, transaction, app, key);
            await connection.ExecuteAsync("DELETE FROM pf_role_members WHERE role_id = @id", new { id }, transaction);
            return await connection.ExecuteAsync("DELETE FROM pf_roles WHERE id = @id", new { id }, transaction);
        }, ct);

    public Task AddMemberAsync(string app, string key, long userId, CancellationToken ct = default) =>
        ChangedAsync(async (connection, transaction) =>
        {
            var id = await RoleIdAsync(connection, transaction, app, key);
            await UserService.RequireAsync(connection, transaction, userId);
            if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pf_role_members WHERE role_id = @id AND user_id = @userId", new { id, userId }, transaction) > 0)
                return 0;
            return await connection.ExecuteAsync("INSERT INTO pf_role_members (role_id, user_id) VALUES (@id, @userId)", new { id, userId }, transaction);
        }, ct);

    public Task RemoveMemberAsync(string app, string key, long userId, CancellationToken ct = default) =>
        ChangedAsync(async (connection, transaction) =>
        {
            var id = await RoleIdAsync(connection, transaction, app, key);
            var removed = await connection.ExecuteAsync("DELETE FROM pf_role_members WHERE role_id = @id AND user_id = @userId", new { id, userId }, transaction);
            return removed > 0 ? removed : throw new NotFoundException("role.notMember", userId);
        }, ct);

    /// <summary>The roles a user holds, in every app: app key and role key.</summary>
    public async Task<IReadOnlyList<(string App, string Role)>> OfUserAsync(long userId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<(string App, string Role)>(
            "SELECT a.app_key, r.role_key FROM pf_role_members m JOIN pf_roles r ON r.id = m.role_id JOIN pf_apps a ON a.id = r.app_id " +
            "WHERE m.user_id = @userId AND a.deleted_at IS NULL ORDER BY a.app_key, r.role_key", new { userId })).ToList();
    }

    /// <summary>A change to who holds which role: rights worked out before it are not used after it.</summary>
    private Task ChangedAsync(Func<DbConnection, DbTransaction, Task<int>> change, CancellationToken ct) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            var result = await change(connection, transaction);
            await DirectoryChanges.RaiseAsync(connection, transaction);
            return result;
        }, ct);

    private static void Check(string key, LocalizedText name)
    {
        var errors = new List<ValidationError>();
        if (!FormKeys.IsValid(key)) errors.Add(new("key", "key.invalid"));
        if (name.AllTexts.All(string.IsNullOrWhiteSpace)) errors.Add(new("name", "required"));
        if (name.AllTexts.Any(t => t.Length > 100)) errors.Add(new("name", "text.tooLong", 100));
        if (errors.Count > 0) throw new ValidationFailedException(errors);
    }

    private static LocalizedText Name(string json) => JsonSerializer.Deserialize<LocalizedText>(json, FormJson.Options)!;

    private static async Task<long> AppIdAsync(DbConnection connection, DbTransaction? transaction, string app) =>
        (await AppService.FindAsync(connection, app, transaction))?.Id ?? throw new NotFoundException("app.notFound", app);

    /// <summary>The id of an app's role; 404 naming the app or the role that is not there.</summary>
    internal static async Task<long> RoleIdAsync(DbConnection connection, DbTransaction transaction, string app, string key) =>
        await connection.ExecuteScalarAsync<long?>("SELECT id FROM pf_roles WHERE app_id = @appId AND role_key = @key",
            new { appId = await AppIdAsync(connection, transaction, app), key }, transaction)
        ?? throw new NotFoundException("role.notFound", key);
}
