using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Platform.Engine.Forms.Fields;

namespace Platform.Engine.Forms;

/// <summary>The one set of JSON options for stored and exchanged definitions.</summary>
public static class FormJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            MaxDepth = 64,
        };
        options.Converters.Add(new FieldDefinitionConverter());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static FormDefinition Parse(string json) =>
        JsonSerializer.Deserialize<FormDefinition>(json, Options) ?? throw new JsonException("A form definition is a JSON object.");

    public static string Serialize(FormDefinition form) => JsonSerializer.Serialize(form, Options);
}
