using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Object;

namespace Platform.Engine.Scripting;

/// <summary>
/// Moves engine values into JavaScript and results back out, never as CLR wrappers. Inside the
/// sandbox an instant is wall-clock time in the caller's zone held in a Date's UTC fields, as Excel
/// has no zones: HOUR({created}) is the hour the user saw.
/// </summary>
internal static class ScriptValues
{
    /// <summary>The largest magnitude a formula's number may have: about what a .NET decimal holds. Beyond it a result is #NUM!.</summary>
    public const double MaxNumber = 7.9e27;

    public static JsValue ToJs(Jint.Engine engine, object? value, TimeZoneInfo zone) => value switch
    {
        null => JsValue.Null,
        string text => new JsString(text),
        bool flag => flag ? JsBoolean.True : JsBoolean.False,
        decimal number => new JsNumber((double)number),
        long number => new JsNumber(number),
        int number => new JsNumber(number),
        double number => new JsNumber(number),
        DateOnly date => Date(engine, date.ToDateTime(TimeOnly.MinValue)),
        DateTime instant => Date(engine, TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(instant, DateTimeKind.Utc), zone)),
        // Subform rows (or any rows of named values) become objects with those names.
        IEnumerable<IReadOnlyDictionary<string, object?>> rows => new JsArray(engine, rows.Select(r => ToJsObject(engine, r, zone)).ToArray()),
        JsonNode node => FromJson(engine, node),
        System.Collections.IEnumerable list => new JsArray(engine, list.Cast<object?>().Select(v => ToJs(engine, v, zone)).ToArray()),
        _ => throw new ArgumentException($"No script value for {value.GetType().Name}."),
    };

    // The Date constructor of each engine, looked up once rather than by name for every date passed in.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Jint.Engine, JsValue> DateConstructors = [];

    private static JsValue Date(Jint.Engine engine, DateTime wall) =>
        engine.Construct(DateConstructors.GetValue(engine, static e => e.GetValue("Date")),
            new JsNumber((wall.Ticks - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerMillisecond));

    private static JsValue ToJsObject(Jint.Engine engine, IEnumerable<KeyValuePair<string, object?>> values, TimeZoneInfo zone)
    {
        var result = new JsObject(engine);
        foreach (var (key, value) in values) result.FastSetDataProperty(key, ToJs(engine, value, zone));
        return result;
    }

    private static JsValue FromJson(Jint.Engine engine, JsonNode node) => node switch
    {
        JsonArray array => new JsArray(engine, array.Select(n => n is null ? JsValue.Null : FromJson(engine, n)).ToArray()),
        JsonObject obj => ToJsObject(engine, obj.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)), TimeZoneInfo.Utc),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => new JsString(v.GetValue<string>()),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => new JsNumber(v.GetValue<double>()),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>() ? JsBoolean.True : JsBoolean.False,
        _ => JsValue.Null,
    };

    /// <summary>The code of an Excel error value (<c>#DIV/0!</c>...), or null for any other value.</summary>
    public static string? ErrorCode(JsValue value) =>
        value is ObjectInstance o and not JsArray && o.Get("#error") is JsString code ? code.ToString() : null;

    /// <summary>A result as a plain CLR value: decimal, string, bool, a wall-clock DateTime, a list, or null.</summary>
    public static object? ToClr(JsValue value) => value switch
    {
        _ when value.IsNull() || value.IsUndefined() => null,
        JsBoolean b => Jint.Runtime.TypeConverter.ToBoolean(b),
        JsNumber n => ToDecimal(n.AsNumber()),
        JsString s => s.ToString(),
        JsDate d when !double.IsNaN(d.DateValue) => DateTime.UnixEpoch.AddTicks((long)(d.DateValue * TimeSpan.TicksPerMillisecond)).ToLocalUnspecified(),
        JsArray a => a.Select(ToClr).ToList(),
        _ when ErrorCode(value) is { } code => code,
        _ => value.ToString(),
    };

    /// <summary>A result as JSON: wall-clock times carry the caller's offset, so codecs read the instant the user meant.</summary>
    public static JsonElement ToJson(JsValue value, TimeZoneInfo zone) => JsonSerializer.SerializeToElement(ToNode(ToClr(value), zone));

    public static JsonNode? ToNode(object? value, TimeZoneInfo zone) => value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        decimal n => JsonValue.Create(n),
        string s => JsonValue.Create(s),
        DateTime wall => JsonValue.Create(WithOffset(wall, zone.GetUtcOffset(wall))),
        List<object?> list => new JsonArray(list.Select(v => ToNode(v, zone)).ToArray()),
        _ => JsonValue.Create(value.ToString()),
    };

    private static string WithOffset(DateTime wall, TimeSpan offset) =>
        new DateTimeOffset(wall, offset).ToString(offset == TimeSpan.Zero ? "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    public static bool ToBoolean(JsValue value) => Jint.Runtime.TypeConverter.ToBoolean(value);

    // Doubles beyond decimal's range have no decimal. The conversion keeps 15 significant digits, as Excel does.
    private static object ToDecimal(double number) =>
        double.IsFinite(number) && Math.Abs(number) < MaxNumber ? (decimal)number : "#NUM!";

    private static DateTime ToLocalUnspecified(this DateTime utcFields) => DateTime.SpecifyKind(utcFields, DateTimeKind.Unspecified);
}
