using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Platform.Engine.Forms.Fields;

namespace Platform.Engine.Forms;

/// <summary>The one set of JSON options for stored and exchanged definitions.</summary>
public static class FormJson
{
    public static readonly JsonSerializerOptions Options = OptionsWith(new FieldDefinitionConverter(), new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));

    /// <summary>The options every stored definition (forms, workflows) is written with, and the converters of its own types.</summary>
    public static JsonSerializerOptions OptionsWith(params JsonConverter[] converters)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            MaxDepth = 64,
        };
        foreach (var converter in converters) options.Converters.Add(converter);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static FormDefinition Parse(string json) =>
        JsonSerializer.Deserialize<FormDefinition>(json, Options) ?? throw new JsonException("A form definition is a JSON object.");

    public static string Serialize(FormDefinition form) => JsonSerializer.Serialize(form, Options);
}
