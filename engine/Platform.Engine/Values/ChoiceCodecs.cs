using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Engine.Validation;

namespace Platform.Engine.Values;

/// <summary>One option key of a select.</summary>
public sealed class OptionCodec(IEnumerable<string> keys) : FieldCodec
{
    private readonly FrozenSet<string> _keys = keys.ToFrozenSet(StringComparer.Ordinal);

    public override object? Read(JsonElement json, string path, ICollection<ValidationError> errors, bool lenient = false)
    {
        if (json.ValueKind == JsonValueKind.Null) return null;
        if (json.ValueKind != JsonValueKind.String) return Fail(errors, path, "type.text");
        var key = json.GetString()!;
        if (key.Length == 0) return null;
        return _keys.Contains(key) ? key : Fail(errors, path, "option.unknown", key);
    }

    public override JsonNode? Write(object? value) => value is string key ? JsonValue.Create(key) : null;

    public override void WriteTo(Utf8JsonWriter json, object? value)
    {
        if (value is string key) json.WriteStringValue(key);
        else json.WriteNullValue();
    }
}

/// <summary>Any number of distinct option keys (tags), in the order given.</summary>
public sealed class OptionListCodec(IEnumerable<string> keys) : FieldCodec
{
    private readonly FrozenSet<string> _keys = keys.ToFrozenSet(StringComparer.Ordinal);

    public override object? Read(JsonElement json, string path, ICollection<ValidationError> errors, bool lenient = false)
    {
        if (json.ValueKind == JsonValueKind.Null) return null;
        if (json.ValueKind != JsonValueKind.Array) return Fail(errors, path, "type.array");
        var result = new List<string>();
        var before = errors.Count;
        foreach (var item in json.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) Fail(errors, path, "type.text");
            else if (!_keys.Contains(item.GetString()!)) Fail(errors, path, "option.unknown", item.GetString());
            else if (!result.Contains(item.GetString()!)) result.Add(item.GetString()!);
        }
        if (result.Count > 1000) return Fail(errors, path, "list.tooMany", 1000);
        return errors.Count > before ? null : result;
    }

    public override JsonNode? Write(object? value) =>
        value is IEnumerable<string> keys ? new JsonArray(keys.Select(k => (JsonNode?)JsonValue.Create(k)).ToArray()) : null;

    public override void WriteTo(Utf8JsonWriter json, object? value) => WriteList<string>(json, value, static (writer, key) => writer.WriteStringValue(key));
}
