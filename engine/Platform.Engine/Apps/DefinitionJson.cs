using System.Text.Json;
using Platform.Engine.Validation;

namespace Platform.Engine.Apps;

/// <summary>A definition (a report, a dashboard, a view) sent as JSON, read into its type.</summary>
public static class DefinitionJson
{
    /// <summary>Reads <paramref name="json"/> as a <typeparamref name="T"/>: its shape's problems as a 422 at "body".</summary>
    public static T Read<T>(JsonElement json, JsonSerializerOptions options) where T : class
    {
        try
        {
            return json.Deserialize<T>(options) ?? throw new JsonException("empty");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException or FormatException)
        {
            throw new DefinitionRejectedException([new("body", "json.invalid", e.Message)]);
        }
    }
}
