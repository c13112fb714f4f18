using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Platform.Engine.Validation;

namespace Platform.Engine.Records.Query;

/// <summary>A filter tree as the JSON the record API reads (<c>and</c>, <c>or</c>, <c>not</c>, conditions), both ways.</summary>
public sealed class FilterConverter : JsonConverter<Filter>
{
    public override Filter? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var errors = new List<ValidationError>();
        var count = 0;
        return QueryJson.ParseFilter(document.RootElement, errors, ref count) is { } filter && errors.Count == 0
            ? filter
            : throw new JsonException(errors.FirstOrDefault()?.Message("en") ?? "Not a filter.");
    }

    public override void Write(Utf8JsonWriter writer, Filter value, JsonSerializerOptions options) => ToJson(value).WriteTo(writer, options);

    public static JsonNode ToJson(Filter filter) => filter switch
    {
        AndFilter and => new JsonObject { ["and"] = new JsonArray(and.Items.Select(i => (JsonNode?)ToJson(i)).ToArray()) },
        OrFilter or => new JsonObject { ["or"] = new JsonArray(or.Items.Select(i => (JsonNode?)ToJson(i)).ToArray()) },
        NotFilter not => new JsonObject { ["not"] = ToJson(not.Item) },
        Condition condition => Condition(condition),
        _ => throw new ArgumentOutOfRangeException(nameof(filter)),
    };

    private static JsonObject Condition(Condition condition)
    {
        var json = new JsonObject { ["field"] = condition.Field, ["op"] = condition.Op };
        if (condition.Value is { } value) json["value"] = JsonNode.Parse(value.GetRawText());
        return json;
    }
}
