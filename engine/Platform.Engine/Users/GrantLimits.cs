using System.Text.Json.Nodes;
using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Users;

/// <summary>
/// Someone who is not an admin but may <c>manage</c> a form (an app's manager) sets what roles may do on it, never more
/// than they may do themselves: only actions they hold, only scopes their own roles name (any, if one of theirs reads
/// <c>all</c>), and no field wider than they see it (a field hidden from them stays hidden in what they give).
/// </summary>
internal static class GrantLimits
{
    public static async Task RefuseBeyondAsync(PlatformDatabase database, FormModel model, FormPermission given, CallerContext by, CancellationToken ct)
    {
        if (by.IsAdmin) return;
        by.Require(model, RecordAction.Manage);
        await using var connection = await database.OpenAsync(ct);
        var held = (await PermissionService.HeldAsync(connection, by.UserId ?? 0, model.AppKey, model.Key)).Select(h => h.Permission).ToList();

        if (given.Actions.Where(a => !held.Any(h => h.Actions.Contains(a))).Select(a => (RecordAction?)a).FirstOrDefault() is { } action)
            throw new ForbiddenException("permission.exceeds", action.Name());
        foreach (var kind in new[] { "read", "write" })
        {
            var mine = held.SelectMany(h => Scopes(h.Json, kind)).ToHashSet(StringComparer.Ordinal);
            if (mine.Contains("\"all\"")) continue;
            if (Scopes(given.Json, kind).FirstOrDefault(s => !mine.Contains(s)) is { } wider) throw new ForbiddenException("permission.exceeds", $"{kind}: {wider}");
        }
        foreach (var field in model.Fields)
        {
            var widest = held.Count == 0 ? FieldRight.Hidden : held.Max(h => h.Fields.GetValueOrDefault(field.Key, FieldRight.Editable));
            if (given.Fields.GetValueOrDefault(field.Key, FieldRight.Editable) > widest) throw new ForbiddenException("permission.exceeds", $"fields.{field.Key}");
        }
    }

    /// <summary>A permission's scopes of one kind as comparable text (a write scope not given is the read scope).</summary>
    private static IEnumerable<string> Scopes(JsonObject permission, string kind)
    {
        var node = permission[kind] ?? (kind == "write" ? permission["read"] : null);
        if (node is null) return ["\"all\""]; // no read scope named reads every record
        return (node is JsonArray items ? items.ToList() : [node]).Select(n => n?.ToJsonString() ?? "null");
    }
}
