using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Validation;

namespace Platform.Engine.Users;

/// <summary>How a role sees one field: not at all, without changing it, or fully.</summary>
public enum FieldRight
{
    Hidden,
    ReadOnly,
    Editable,
}

/// <summary>
/// What a role may do on one form: its actions, the records it may read and those it may change (each a list of
/// scopes, any of which admits a record), and its right on each field (a field not named is editable). Stored as JSON
/// with pinned names: <c>{"actions": ["read", "update"], "read": ["own", "pool"], "write": ["own"], "fields": {"amount": "hidden"}}</c>.
/// A scope is <c>own</c>, <c>myDepartment</c>, <c>myDepartmentAndBelow</c> (of the record's owner), <c>pool</c>
/// (records without an owner: the public pool), <c>all</c>, or <c>{"filter": …}</c> in the record filter language.
/// </summary>
public sealed record FormPermission(IReadOnlySet<RecordAction> Actions, IReadOnlyList<Filter?> Read, IReadOnlyList<Filter?> Write,
    IReadOnlyDictionary<string, FieldRight> Fields, JsonObject Json)
{
    private static readonly Dictionary<string, Filter?> NamedScopes = new(StringComparer.Ordinal)
    {
        ["all"] = null,
        ["own"] = Condition.Of("owner", "eq", "me"),
        ["myDepartment"] = Condition.Of("owner", "eq", "myDepartment"),
        ["myDepartmentAndBelow"] = Condition.Of("owner", "eq", "myDepartmentAndBelow"),
        ["pool"] = Condition.Of("owner", "isEmpty"),
    };

    private static readonly Dictionary<string, FieldRight> RightNames = new(StringComparer.Ordinal)
    {
        ["hidden"] = FieldRight.Hidden, ["readOnly"] = FieldRight.ReadOnly, ["editable"] = FieldRight.Editable,
    };

    /// <summary>
    /// Reads and checks a permission for <paramref name="form"/>: every problem is named, with its path. Without a form
    /// (a stored permission read back), fields the form no longer has are passed over.
    /// </summary>
    public static FormPermission Parse(JsonElement json, FormModel? form)
    {
        var errors = new List<ValidationError>();
        if (json.ValueKind != JsonValueKind.Object) throw new ValidationFailedException([new("body", "type.object")]);
        var actions = new HashSet<RecordAction>();
        IReadOnlyList<Filter?> read = [null], write = [];
        var fields = new Dictionary<string, FieldRight>(StringComparer.Ordinal);
        var hasWrite = false;
        foreach (var property in json.EnumerateObject())
        {
            switch (property.Name)
            {
                case "actions":
                    if (property.Value.ValueKind != JsonValueKind.Array) errors.Add(new("actions", "type.array"));
                    else
                    {
                        foreach (var (item, i) in property.Value.EnumerateArray().Select((v, i) => (v, i)))
                        {
                            if (item.ValueKind == JsonValueKind.String && RecordActions.TryParse(item.GetString()!, out var action)) actions.Add(action);
                            else errors.Add(new($"actions[{i}]", "permission.action", string.Join(", ", RecordActions.Names)));
                        }
                    }
                    break;
                case "read":
                    read = Scopes(property.Value, "read", errors);
                    break;
                case "write":
                    write = Scopes(property.Value, "write", errors);
                    hasWrite = true;
                    break;
                case "fields":
                    if (property.Value.ValueKind != JsonValueKind.Object) errors.Add(new("fields", "type.object"));
                    else
                    {
                        foreach (var field in property.Value.EnumerateObject())
                        {
                            if (form is not null && form.Field(field.Name) is null) errors.Add(new($"fields.{field.Name}", "unknownField", field.Name));
                            else if (field.Value.ValueKind == JsonValueKind.String && RightNames.TryGetValue(field.Value.GetString()!, out var right)) fields[field.Name] = right;
                            else errors.Add(new($"fields.{field.Name}", "permission.fieldRight"));
                        }
                    }
                    break;
                default:
                    errors.Add(new(property.Name, "body.unknownProperty", property.Name));
                    break;
            }
        }
        if (!hasWrite) write = read;
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        return new FormPermission(actions, read, write, fields, JsonNode.Parse(json.GetRawText())!.AsObject());
    }

    /// <summary>A list of scopes (or one); the filters are checked by the engine when a query first uses them.</summary>
    private static List<Filter?> Scopes(JsonElement json, string path, List<ValidationError> errors)
    {
        var items = json.ValueKind == JsonValueKind.Array ? json.EnumerateArray().ToList() : [json];
        if (items.Count == 0) errors.Add(new(path, "permission.scope"));
        var scopes = new List<Filter?>();
        foreach (var (item, i) in items.Select((v, i) => (v, i)))
        {
            if (item.ValueKind == JsonValueKind.String && NamedScopes.TryGetValue(item.GetString()!, out var named)) scopes.Add(named);
            else if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("filter", out var filterJson))
            {
                var count = 0;
                var filterErrors = new List<ValidationError>();
                var filter = QueryJson.ParseFilter(filterJson, filterErrors, ref count);
                errors.AddRange(filterErrors.Select(e => e with { Field = $"{path}[{i}].{e.Field}" }));
                scopes.Add(filter);
            }
            else errors.Add(new($"{path}[{i}]", "permission.scope"));
        }
        return scopes;
    }

    /// <summary>The user attributes its scopes name as the caller's (<c>{"me": "region"}</c>).</summary>
    public IEnumerable<string> CallerAttributes() => Read.Concat(Write).OfType<Filter>().SelectMany(f => f.Conditions())
        .SelectMany(c => c.Value is not { } value ? [] : value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value])
        .Select(FilterCompiler.CallerAttribute).OfType<string>().Distinct(StringComparer.Ordinal);

    /// <summary>Any of the scopes, as one filter: null (every record) when one of them is <c>all</c>.</summary>
    public static Filter? AnyOf(IEnumerable<Filter?> scopes)
    {
        var list = scopes.ToList();
        if (list.Count == 0) return new OrFilter([]);
        return list.Any(s => s is null) ? null : list.Count == 1 ? list[0] : new OrFilter(list.Select(s => s!).ToList());
    }
}
