using System.Text.Json;
using Platform.Engine.Forms;
using Platform.Engine.Validation;

namespace Platform.Runtime.Api;

/// <summary>
/// A request's JSON object read property by property: a property the endpoint does not take, or one of the wrong
/// type, is named in the problem, all of them at once, before anything is changed.
/// </summary>
public sealed class JsonBody
{
    private readonly Dictionary<string, JsonElement> _properties;
    private readonly List<ValidationError> _errors = [];

    private JsonBody(Dictionary<string, JsonElement> properties) => _properties = properties;

    /// <summary>Reads the body, which must be an object holding only the <paramref name="allowed"/> properties.</summary>
    public static async Task<JsonBody> ReadAsync(HttpContext context, params string[] allowed)
    {
        var root = await RequestJson.ReadAsync(context);
        if (root.ValueKind != JsonValueKind.Object) throw new ValidationFailedException([new("body", "type.object")]);
        var body = new JsonBody(root.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal));
        foreach (var name in body._properties.Keys.Where(n => !allowed.Contains(n, StringComparer.Ordinal)))
            body._errors.Add(new(name, "body.unknownProperty", name));
        return body;
    }

    /// <summary>Whether the body sends this property at all (null included): a PATCH changes only what it sends.</summary>
    public bool Has(string name) => _properties.ContainsKey(name);

    /// <summary>A text; a required one must hold more than spaces.</summary>
    public string? Text(string name, bool required = false)
    {
        var text = Read(name, required, JsonValueKind.String, "type.text", v => v.GetString());
        if (required && text is not null && string.IsNullOrWhiteSpace(text)) _errors.Add(new(name, "required"));
        return text;
    }

    /// <summary>A list of texts, or null when not sent.</summary>
    public IReadOnlyList<string>? Texts(string name)
    {
        if (!_properties.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            _errors.Add(new(name, "type.array"));
            return null;
        }
        return value.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    /// <summary>An object of texts (a null value clears one), or null when not sent.</summary>
    public IReadOnlyDictionary<string, string?>? TextMap(string name)
    {
        if (!_properties.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Object || value.EnumerateObject().Any(p => p.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)))
        {
            _errors.Add(new(name, "type.object"));
            return null;
        }
        return value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString(), StringComparer.Ordinal);
    }

    public long? Id(string name, bool required = false) =>
        Read(name, required, JsonValueKind.Number, "type.id", v => v.TryGetInt64(out var id) && id > 0 ? id : (long?)null);

    public bool? Flag(string name, bool required = false) =>
        Read(name, required, JsonValueKind.True, "type.boolean", v => (bool?)v.GetBoolean());

    /// <summary>A name as one text or per language (<c>{"en": "Sales", "zh-CN": "销售"}</c>).</summary>
    public LocalizedText? Localized(string name, bool required = false)
    {
        if (!_properties.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) _errors.Add(new(name, "required"));
            return null;
        }
        try
        {
            return value.Deserialize<LocalizedText>(FormJson.Options);
        }
        catch (JsonException)
        {
            _errors.Add(new(name, "type.text"));
            return null;
        }
    }

    /// <summary>Throws every problem found so far as one 422.</summary>
    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0) throw new ValidationFailedException(_errors);
    }

    private T? Read<T>(string name, bool required, JsonValueKind kind, string code, Func<JsonElement, T?> read)
    {
        if (!_properties.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) _errors.Add(new(name, "required"));
            return default;
        }
        var matches = kind == JsonValueKind.True ? value.ValueKind is JsonValueKind.True or JsonValueKind.False : value.ValueKind == kind;
        var result = matches ? read(value) : default;
        if (result is null) _errors.Add(new(name, code));
        return result;
    }
}
