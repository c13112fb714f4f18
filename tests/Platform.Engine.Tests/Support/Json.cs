using System.Text.Json;

namespace Platform.Engine.Tests.Support;

public static class Json
{
    public static JsonElement Of(string json) => JsonDocument.Parse(json).RootElement.Clone();

    public static JsonElement From(object value) => JsonSerializer.SerializeToElement(value);
}
