using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Platform.Engine.Workflows.Definitions;

/// <summary>A part of a definition whose kind is a pinned name in <c>"type"</c>; one this version does not know keeps its JSON.</summary>
public interface IPinnedType
{
    /// <summary>The JSON as read, when this version does not know the type; written back unchanged.</summary>
    JsonObject? OriginalJson { get; }
}

/// <summary>
/// The pinned names of one family of parts (triggers, steps), written as <c>"type"</c> in stored JSON. Renaming a CLR type
/// never changes stored data; a name here never changes once released.
/// </summary>
public sealed class PinnedTypes<T>(IEnumerable<(string Name, Type Type)> pairs, Func<string, JsonObject, T> unknown) where T : class, IPinnedType
{
    private readonly FrozenDictionary<string, Type> _byName = pairs.ToFrozenDictionary(p => p.Name, p => p.Type);
    private readonly FrozenDictionary<Type, string> _byType = pairs.ToFrozenDictionary(p => p.Type, p => p.Name);

    public IEnumerable<string> Names => _byName.Keys.Order(StringComparer.Ordinal);

    public Type? TypeOf(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The pinned name of a part, or the name it was read with when this version does not know it.</summary>
    public string NameOf(T part) => part.OriginalJson is { } json ? (string)json["type"]! : _byType[part.GetType()];

    public bool Knows(T part) => part.OriginalJson is null;

    internal T Unknown(string name, JsonObject json) => unknown(name, json);
}

/// <summary>Reads and writes a part by its pinned <c>"type"</c>, first in the written object.</summary>
internal sealed class PinnedTypeConverter<T>(PinnedTypes<T> types) : JsonConverter<T> where T : class, IPinnedType
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert == typeof(T);

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var json = JsonNode.Parse(ref reader) as JsonObject ?? throw new JsonException($"A {typeof(T).Name} is a JSON object.");
        if (json["type"] is not JsonValue typeValue || !typeValue.TryGetValue<string>(out var name))
            throw new JsonException($"A {typeof(T).Name} needs a \"type\".");
        if (types.TypeOf(name) is not { } type) return types.Unknown(name, json);
        var known = (JsonObject)json.DeepClone();
        known.Remove("type");
        return (T)(known.Deserialize(type, options) ?? throw new JsonException($"'{name}' could not be read."));
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        if (value.OriginalJson is { } original)
        {
            original.WriteTo(writer, options);
            return;
        }
        var json = JsonSerializer.SerializeToNode(value, value.GetType(), options)!.AsObject();
        writer.WriteStartObject();
        writer.WriteString("type", types.NameOf(value));
        foreach (var (name, node) in json)
        {
            writer.WritePropertyName(name);
            if (node is null) writer.WriteNullValue();
            else node.WriteTo(writer, options);
        }
        writer.WriteEndObject();
    }
}
