using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Platform.Engine.Forms.Fields;

/// <summary>
/// Reads a field by its pinned <c>"type"</c>; a type this version does not know becomes an
/// <see cref="UnknownField"/> holding the original JSON, written back unchanged.
/// </summary>
internal sealed class FieldDefinitionConverter : JsonConverter<FieldDefinition>
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert == typeof(FieldDefinition);

    public override FieldDefinition Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var json = JsonNode.Parse(ref reader) as JsonObject
            ?? throw new JsonException("A field is a JSON object.");
        if (json["type"] is not JsonValue typeValue || !typeValue.TryGetValue<string>(out var typeName))
            throw new JsonException("A field needs a \"type\".");
        if (json["key"] is not JsonValue keyValue || !keyValue.TryGetValue<string>(out var key))
            throw new JsonException("A field needs a \"key\".");

        var type = FieldTypeRegistry.TypeOf(typeName);
        if (type is null)
            return new UnknownField { Key = key, OriginalType = typeName, OriginalJson = json };

        json.Remove("type");
        return (FieldDefinition)(json.Deserialize(type, options)
            ?? throw new JsonException($"Field '{key}' could not be read."));
    }

    public override void Write(Utf8JsonWriter writer, FieldDefinition value, JsonSerializerOptions options)
    {
        if (value is UnknownField unknown)
        {
            unknown.OriginalJson.WriteTo(writer, options);
            return;
        }
        var json = JsonSerializer.SerializeToNode(value, value.GetType(), options)!.AsObject();
        var ordered = new JsonObject { ["type"] = value.TypeName };
        foreach (var (name, node) in json.ToList())
        {
            json.Remove(name);
            ordered[name] = node;
        }
        ordered.WriteTo(writer, options);
    }
}
