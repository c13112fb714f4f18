using System.Text.Json.Nodes;
using Platform.Engine.Records;

namespace Platform.Designer.Roles;

/// <summary>
/// A role's permission on one form as the matrix changes it: its stored JSON (<c>{"actions": [...], "read": [...],
/// "write": [...], "fields": {...}}</c>) with one thing changed at a time, everything else (a custom filter scope, a
/// property of a newer version) kept as written. The engine checks the result when it is saved.
/// </summary>
public sealed class PermissionDraft
{
    /// <summary>The scopes a record may be in, by their pinned names, as the engine reads them.</summary>
    public static readonly IReadOnlyList<string> NamedScopes = ["all", "own", "myDepartment", "myDepartmentAndBelow", "pool"];

    /// <summary>The rights a field may have; a field not named is editable.</summary>
    public static readonly IReadOnlyList<string> FieldRights = ["editable", "readOnly", "hidden"];

    public const string Read = "read";
    public const string Write = "write";

    private readonly JsonObject _json;

    public PermissionDraft(JsonObject? json) => _json = json?.DeepClone().AsObject() ?? [];

    /// <summary>No action at all: the role does not reach the form.</summary>
    public bool None => Actions.Count == 0 && Fields.Count == 0;

    public IReadOnlyList<string> Actions => Strings(_json["actions"]);

    public bool Has(string action) => Actions.Contains(action);

    /// <summary>The named scopes of <c>read</c> (every record when none is set) or <c>write</c> (as read when none is set).</summary>
    public IReadOnlyList<string> Scopes(string which) => _json[which] is { } given ? Strings(given) : which == Write ? Scopes(Read) : ["all"];

    /// <summary>Scopes written as filters (<c>{"filter": …}</c>), kept whatever the matrix changes.</summary>
    public int CustomScopes(string which) => _json[which] is JsonArray list ? list.Count(s => s is JsonObject) : 0;

    public IReadOnlyDictionary<string, string> Fields =>
        _json["fields"] is JsonObject fields ? fields.Where(f => f.Value is JsonValue).ToDictionary(f => f.Key, f => f.Value!.GetValue<string>()) : new Dictionary<string, string>();

    public string Right(string field) => Fields.GetValueOrDefault(field, "editable");

    public PermissionDraft WithAction(string action, bool on)
    {
        var actions = Actions.Where(a => a != action).ToList();
        if (on) actions.Add(action);
        return With(json => json["actions"] = new JsonArray([.. RecordActions.Names.Where(actions.Contains).Select(a => (JsonNode)a)]));
    }

    public PermissionDraft WithScopes(string which, IEnumerable<string> named) => With(json =>
    {
        var custom = json[which] is JsonArray list ? list.OfType<JsonObject>().Select(s => s.DeepClone()) : [];
        json[which] = new JsonArray([.. NamedScopes.Where(named.Contains).Select(s => (JsonNode)s), .. custom]);
    });

    /// <summary>The field's right; <c>editable</c>, the default, is not written.</summary>
    public PermissionDraft WithRight(string field, string right) => With(json =>
    {
        var fields = json["fields"] as JsonObject ?? [];
        fields.Remove(field);
        if (right != "editable") fields[field] = right;
        if (fields.Count == 0) json.Remove("fields");
        else if (fields.Parent is null) json["fields"] = fields;
    });

    public JsonObject ToJson() => _json.DeepClone().AsObject();

    private PermissionDraft With(Action<JsonObject> change)
    {
        var json = ToJson();
        change(json);
        return new PermissionDraft(json);
    }

    private static List<string> Strings(JsonNode? node) => node switch
    {
        JsonArray list => [.. list.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>()],
        JsonValue one when one.TryGetValue<string>(out var s) => [s],
        _ => [],
    };
}
