using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Platform.Engine.Records.Values;

namespace Platform.Engine.Scripting;

/// <summary>Moves engine values into JavaScript and results back out as JSON, never as CLR wrappers.</summary>
internal static class ScriptValues
{
    public static JsValue ToJs(Jint.Engine engine, object? value) => value switch
    {
        null => JsValue.Null,
        string text => new JsString(text),
        bool flag => flag ? JsBoolean.True : JsBoolean.False,
        decimal number => new JsNumber((double)number),
        long number => new JsNumber(number),
        int number => new JsNumber(number),
        double number => new JsNumber(number),
        DateOnly date => Date(engine, new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)),
        DateTime instant => Date(engine, new DateTimeOffset(DateTime.SpecifyKind(instant, DateTimeKind.Utc))),
        IEnumerable<SubformRow> rows => new JsArray(engine, rows.Select(r => ToJsObject(engine, r)).ToArray()),
        JsonNode node => FromJson(engine, node),
        System.Collections.IEnumerable list => new JsArray(engine, list.Cast<object?>().Select(v => ToJs(engine, v)).ToArray()),
        _ => throw new ArgumentException($"No script value for {value.GetType().Name}."),
    };

    private static JsValue Date(Jint.Engine engine, DateTimeOffset instant) =>
        engine.Construct("Date", new JsNumber(instant.ToUnixTimeMilliseconds()));

    private static JsValue ToJsObject(Jint.Engine engine, IEnumerable<KeyValuePair<string, object?>> values)
    {
        var result = new JsObject(engine);
        foreach (var (key, value) in values) result.FastSetDataProperty(key, ToJs(engine, value));
        return result;
    }

    private static JsValue FromJson(Jint.Engine engine, JsonNode node) => node switch
    {
        JsonArray array => new JsArray(engine, array.Select(n => n is null ? JsValue.Null : FromJson(engine, n)).ToArray()),
        JsonObject obj => ToJsObject(engine, obj.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value))),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => new JsString(v.GetValue<string>()),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => new JsNumber(v.GetValue<double>()),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>() ? JsBoolean.True : JsBoolean.False,
        _ => JsValue.Null,
    };

    /// <summary>A result as JSON, so the target field's codec decides what it accepts.</summary>
    public static JsonElement ToJson(JsValue value)
    {
        JsonNode? node = value switch
        {
            _ when value.IsNull() || value.IsUndefined() => null,
            JsBoolean b => JsonValue.Create(Jint.Runtime.TypeConverter.ToBoolean(b)),
            JsNumber n when double.IsFinite(n.AsNumber()) => JsonValue.Create(ToDecimal(n.AsNumber())),
            JsNumber => JsonValue.Create("#NUM!"),
            JsString s => JsonValue.Create(s.ToString()),
            JsDate d when !double.IsNaN(d.DateValue) => JsonValue.Create(DateTimeCodec.Format(d.ToDateTime().ToUniversalTime())),
            _ => JsonValue.Create(value.ToString()),
        };
        return JsonSerializer.SerializeToElement(node);
    }

    public static bool ToBoolean(JsValue value) => Jint.Runtime.TypeConverter.ToBoolean(value);

    // Doubles beyond decimal's range have no decimal; they surface as a number error.
    private static decimal ToDecimal(double number) =>
        Math.Abs(number) < 7.9e27 ? decimal.Parse(number.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture) : decimal.MaxValue;
}
