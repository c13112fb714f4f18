using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Platform.Engine.Apps;
using Platform.Engine.Records;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Users;

/// <summary>A role's permission on a form, as stored.</summary>
public sealed record RolePermission(string Role, string Form, JsonObject Definition);

/// <summary>
/// Sets what each role may do on each form. A form no role has a permission on is open to everyone signed in (as a
/// small team starts); once one role has a permission on it, only the roles given one may touch it.
/// </summary>
public sealed class PermissionService(PlatformDatabase database, FormService forms, TimeProvider clock)
{
    /// <param name="by">Who sets it: an admin, or someone who may manage the form and gives no more than they hold; null for the engine or the CLI.</param>
    public async Task<RolePermission> SetAsync(string app, string role, string form, JsonElement definition, CallerContext? by = null, CancellationToken ct = default)
    {
        var model = await forms.GetModelAsync(app, form, ct);
        var permission = FormPermission.Parse(definition, model);
        if (by is not null) await GrantLimits.RefuseBeyondAsync(database, model, permission, by, ct);
        var json = permission.Json.ToJsonString();
        var now = database.Dialect.ToDb(ColumnType.DateTime, clock.GetUtcNow().UtcDateTime);
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            var defined = await UserAttributes.DefinedAsync(connection, transaction);
            var unknown = permission.CallerAttributes().Where(a => !defined.Contains(a)).Select(a => new ValidationError("read", "filter.unknownAttribute", a)).ToList();
            if (unknown.Count > 0) throw new ValidationFailedException(unknown);
            var roleId = await RoleService.RoleIdAsync(connection, transaction, app, role);
            var changed = await connection.ExecuteAsync("UPDATE pf_permissions SET definition = @json, updated_at = @now WHERE role_id = @roleId AND form_key = @form",
                new { roleId, form, json, now }, transaction);
            if (changed == 0)
            {
                await connection.ExecuteAsync("INSERT INTO pf_permissions (role_id, form_key, definition, updated_at) VALUES (@roleId, @form, @json, @now)",
                    new { roleId, form, json, now }, transaction);
            }
            await DirectoryChanges.RaiseAsync(connection, transaction);
            return 0;
        }, ct);
        return new RolePermission(role, form, permission.Json);
    }

    /// <summary>Every role's permission on the form.</summary>
    public async Task<IReadOnlyList<RolePermission>> ListAsync(string app, string form, CallerContext? by = null, CancellationToken ct = default)
    {
        var model = await forms.GetModelAsync(app, form, ct);
        if (by is { IsAdmin: false }) by.Require(model, RecordAction.Manage);
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Role, string Definition)>(
            "SELECT r.role_key, p.definition FROM pf_permissions p JOIN pf_roles r ON r.id = p.role_id JOIN pf_apps a ON a.id = r.app_id " +
            "WHERE a.app_key = @app AND a.deleted_at IS NULL AND p.form_key = @form ORDER BY r.role_key", new { app, form });
        return rows.Select(r => new RolePermission(r.Role, form, JsonNode.Parse(r.Definition)!.AsObject())).ToList();
    }

    public async Task RemoveAsync(string app, string role, string form, CancellationToken ct = default)
    {
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            var removed = await connection.ExecuteAsync("DELETE FROM pf_permissions WHERE role_id = @roleId AND form_key = @form",
                new { roleId = await RoleService.RoleIdAsync(connection, transaction, app, role), form }, transaction);
            if (removed == 0) throw new NotFoundException("permission.notFound", role, form);
            await DirectoryChanges.RaiseAsync(connection, transaction);
            return removed;
        }, ct);
    }

    /// <summary>Where stored permissions are read from: those of roles in apps not deleted.</summary>
    internal const string Stored = "FROM pf_permissions p JOIN pf_roles r ON r.id = p.role_id JOIN pf_apps a ON a.id = r.app_id WHERE a.deleted_at IS NULL";

    /// <summary>The permissions a user's roles hold, on every form or on one.</summary>
    internal static async Task<List<(string App, string Form, FormPermission Permission)>> HeldAsync(System.Data.Common.DbConnection connection, long userId,
        string? app = null, string? form = null)
    {
        var rows = await connection.QueryAsync<(string App, string Form, string Definition)>(
            $"SELECT a.app_key, p.form_key, p.definition {Stored} AND p.role_id IN (SELECT role_id FROM pf_role_members WHERE user_id = @userId)" +
            (app is null ? "" : " AND a.app_key = @app AND p.form_key = @form"), new { userId, app, form });
        return rows.Select(p =>
        {
            using var json = JsonDocument.Parse(p.Definition);
            return (p.App, p.Form, FormPermission.Parse(json.RootElement, null));
        }).ToList();
    }
}
