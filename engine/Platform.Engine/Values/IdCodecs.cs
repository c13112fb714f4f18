using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Engine.Validation;

namespace Platform.Engine.Values;

/// <summary>One id of a user, department or related record.</summary>
public sealed class IdCodec : FieldCodec
{
    public override object? Read(JsonElement json, string path, ICollection<ValidationError> errors, bool lenient = false) =>
        ReadId(json, path, errors, lenient);

    internal static object? ReadId(JsonElement json, string path, ICollection<ValidationError> errors, bool lenient)
    {
        if (json.ValueKind == JsonValueKind.Null) return null;
        if (json.ValueKind == JsonValueKind.Number && json.TryGetInt64(out var id) && id > 0) return id;
        if (lenient && json.ValueKind == JsonValueKind.String && long.TryParse(json.GetString(), CultureInfo.InvariantCulture, out id) && id > 0) return id;
        return Fail(errors, path, "type.id");
    }

    public override JsonNode? Write(object? value) => value is null ? null : JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture));

    public override void WriteTo(Utf8JsonWriter json, object? value)
    {
        if (value is not null) json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
        else json.WriteNullValue();
    }
}

/// <summary>Distinct ids, in the order given.</summary>
public sealed class IdListCodec : FieldCodec
{
    public const int MaxItems = 1000;

    public override object? Read(JsonElement json, string path, ICollection<ValidationError> errors, bool lenient = false)
    {
        if (json.ValueKind == JsonValueKind.Null) return null;
        if (json.ValueKind != JsonValueKind.Array) return Fail(errors, path, "type.array");
        var before = errors.Count;
        var ids = new List<long>();
        foreach (var item in json.EnumerateArray())
            if (IdCodec.ReadId(item, path, errors, lenient) is long id && !ids.Contains(id)) ids.Add(id);
        if (ids.Count > MaxItems) return Fail(errors, path, "list.tooMany", MaxItems);
        return errors.Count > before ? null : ids;
    }

    public override JsonNode? Write(object? value) =>
        value is IEnumerable<long> ids ? new JsonArray(ids.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()) : null;

    public override void WriteTo(Utf8JsonWriter json, object? value) => WriteList<long>(json, value, static (writer, id) => writer.WriteNumberValue(id));
}
