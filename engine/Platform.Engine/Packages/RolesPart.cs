using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Users;
using Platform.Engine.Validation;

namespace Platform.Engine.Packages;

/// <summary>
/// The roles of an app and what each may do on each form (actions, row scope, field rights); never its members, who are
/// people of one installation. An uploaded package grants no more than its importer holds (the permission service's own
/// check); the runtime's own packages are trusted.
/// </summary>
public sealed class RolesPart(RoleService roles, PermissionService permissions, FormService forms) : PackagePart
{
    public override string Name => "roles";

    public override int Order => 200;

    public override async Task<JsonArray> ExportAsync(string app, CancellationToken ct)
    {
        var formKeys = (await forms.ListAsync(app, ct)).Select(f => f.Key).Order(StringComparer.Ordinal).ToList();
        var byRole = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var form in formKeys)
            foreach (var permission in await permissions.ListAsync(app, form, ct: ct))
                (byRole.TryGetValue(permission.Role, out var held) ? held : byRole[permission.Role] = [])[form] = permission.Definition.DeepClone();
        var items = new JsonArray();
        foreach (var role in (await roles.ListAsync(app, ct)).OrderBy(r => r.Key, StringComparer.Ordinal))
            items.Add(new JsonObject
            {
                ["key"] = role.Key, ["name"] = JsonSerializer.SerializeToNode(role.Name, FormJson.Options),
                ["permissions"] = byRole.GetValueOrDefault(role.Key) ?? [],
            });
        return items;
    }

    public override Task<IReadOnlyList<PackageChange>> PlanAsync(JsonArray items, PackageTarget target, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<PackageChange>>(Read(items).Select(r => new PackageChange(Name, r.Key, "add")).ToList());

    public override async Task ApplyAsync(JsonArray items, PackageTarget target, CancellationToken ct)
    {
        var existing = (await roles.ListAsync(target.App, ct)).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, name, held) in Read(items))
        {
            if (existing.Contains(key)) await roles.RenameAsync(target.App, key, name, ct);
            else await roles.CreateAsync(target.App, key, name, ct);
            foreach (var (form, permission) in held)
                await permissions.SetAsync(target.App, key, form, JsonSerializer.SerializeToElement(permission), target.Trusted ? null : target.Caller, ct);
        }
    }

    public override async Task RemoveAsync(IReadOnlyList<string> keys, PackageTarget target, CancellationToken ct)
    {
        foreach (var key in keys) await roles.DeleteAsync(target.App, key, ct);
    }

    /// <summary>A role as the app would export it: its name written again, each permission read against its form where the app has it.</summary>
    public override async Task<JsonNode> NormalizeAsync(JsonNode item, string app, CancellationToken ct)
    {
        var (key, name, held) = Read([item.DeepClone()]).Single();
        var known = (await forms.ListAsync(app, ct)).Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var permissions = new JsonObject();
        foreach (var (form, permission) in held.OrderBy(p => p.Key, StringComparer.Ordinal))
            permissions[form] = known.Contains(form) && permission is not null
                ? FormPermission.Parse(JsonSerializer.SerializeToElement(permission), await forms.GetModelAsync(app, form, ct)).Json.DeepClone()
                : permission?.DeepClone();
        return new JsonObject { ["key"] = key, ["name"] = JsonSerializer.SerializeToNode(name, FormJson.Options), ["permissions"] = permissions };
    }

    private List<(string Key, LocalizedText Name, JsonObject Permissions)> Read(JsonArray items)
    {
        var read = new List<(string, LocalizedText, JsonObject)>();
        var errors = new List<ValidationError>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i] as JsonObject;
            var key = item?["key"] is JsonValue k && k.TryGetValue<string>(out var text) ? text : null;
            if (key is null || !FormKeys.IsValid(key)) errors.Add(new($"{Name}[{i}].key", "key.invalid"));
            LocalizedText? name = null;
            try
            {
                name = item?["name"] is { } node ? node.Deserialize<LocalizedText>(FormJson.Options) : null;
            }
            catch (JsonException)
            {
            }
            if (name is null) errors.Add(new($"{Name}[{i}].name", "required"));
            if (item?["permissions"] is not (null or JsonObject)) errors.Add(new($"{Name}[{i}].permissions", "type.object"));
            // A role travels without its people: members, an admin flag or anything else that would grant someone rights is refused by name.
            foreach (var other in item?.Select(p => p.Key).Where(p => p is not ("key" or "name" or "permissions")) ?? [])
                errors.Add(new($"{Name}[{i}].{other}", "package.roleProperty", other));
            if (key is not null && name is not null) read.Add((key, name, item?["permissions"] as JsonObject ?? []));
        }
        foreach (var twice in read.GroupBy(r => r.Item1).Where(g => g.Count() > 1)) errors.Add(new(Name, "package.twice", twice.Key));
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        return read;
    }
}
