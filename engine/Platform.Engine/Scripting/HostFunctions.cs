using System.Globalization;
using Jint;
using Jint.Native;
using Jint.Runtime.Interop;

namespace Platform.Engine.Scripting;

/// <summary>
/// Date parts, DATEDIF and number formatting done in C# for the common case (real dates, a plain
/// number format), where the interpreter would spend several microseconds. Anything else — text dates,
/// blanks, odd formats, errors — goes to the JavaScript function of the same name, which holds the
/// Excel rules; the case table runs every path.
/// </summary>
internal static class HostFunctions
{
    /// <summary>Formula functions with a host fast path, and the host name the compiler calls instead.</summary>
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        ["YEAR"] = "__year", ["MONTH"] = "__month", ["DAY"] = "__day", ["DATEDIF"] = "__datedif", ["TEXT"] = "__text",
        ["EDATE"] = "__edate", ["CONCAT"] = "__concat", ["CONCATENATE"] = "__concatenate", ["AND"] = "__and", ["OR"] = "__or",
        ["MAX"] = "__max", ["MIN"] = "__min", ["MOD"] = "__mod",
    };

    /// <summary>The host name of the <c>&amp;</c> operator, whose JavaScript is <c>__x.cat</c>.</summary>
    public const string Concatenate = "__cat";

    private const int MaxText = 32767;

    public static void Register(Jint.Engine engine)
    {
        Fast(engine, "YEAR", args => Date(args, 0) is { } d ? d.Year : null);
        Fast(engine, "MONTH", args => Date(args, 0) is { } d ? d.Month : null);
        Fast(engine, "DAY", args => Date(args, 0) is { } d ? d.Day : null);
        Fast(engine, "DATEDIF", args => Date(args, 0) is { } s && Date(args, 1) is { } e && args.Length > 2 && args[2] is JsString unit
            ? DateDif(DateOnly.FromDateTime(s), DateOnly.FromDateTime(e), unit.ToString())
            : null);
        Fast(engine, "TEXT", args => args.Length > 1 && args[0] is JsNumber n && args[1] is JsString format ? FormatNumber(n.AsNumber(), format.ToString()) : null);
        Fast(engine, "EDATE", args => Date(args, 0) is { } d && args.Length > 1 && args[1] is JsNumber n && Math.Abs(n.AsNumber()) < 120_000
            && DateOnly.FromDateTime(d).AddMonths((int)Math.Truncate(n.AsNumber())) is { Year: >= 1900 and <= 9999 } moved ? moved : null);
        Fast(engine, "CONCAT", Join);
        Fast(engine, "CONCATENATE", Join);
        Fast(engine, "AND", args => args.Length > 0 && args.All(a => a is JsBoolean) ? args.All(a => a.AsBoolean()) : null);
        Fast(engine, "OR", args => args.Length > 0 && args.All(a => a is JsBoolean) ? args.Any(a => a.AsBoolean()) : null);
        Fast(engine, "MAX", args => args.Length > 0 && args.All(a => a is JsNumber) ? args.Max(a => a.AsNumber()) : null);
        Fast(engine, "MIN", args => args.Length > 0 && args.All(a => a is JsNumber) ? args.Min(a => a.AsNumber()) : null);
        Fast(engine, "MOD", args => args.Length > 1 && args[0] is JsNumber a && args[1] is JsNumber b && b.AsNumber() != 0
            ? DecimalArithmetic.Exact(a.AsNumber(), b.AsNumber(), static (x, y) => (decimal?)(x - y * Math.Floor(x / y))) : null);
        Fast(engine, Concatenate, "__x.cat", Join);
    }

    /// <summary>Text, numbers, logical values and blanks joined as Excel writes them; lists and dates go to the JavaScript.</summary>
    private static object? Join(JsValue[] args)
    {
        var text = new System.Text.StringBuilder();
        foreach (var arg in args)
        {
            switch (arg)
            {
                case JsString s: text.Append(s.ToString()); break;
                case JsBoolean b: text.Append(b.AsBoolean() ? "TRUE" : "FALSE"); break;
                case JsNumber n when General(n.AsNumber()) is { } number: text.Append(number); break;
                case var _ when arg.IsNull() || arg.IsUndefined(): break;
                default: return null;
            }
            if (text.Length > MaxText) return null;
        }
        return text.ToString();
    }

    /// <summary>A number as Excel's General format writes it, where that is plain digits; null for exponents.</summary>
    private static string? General(double n) =>
        n == 0 ? "0" : Math.Abs(n) is >= 1e-6 and < 1e15 ? ((decimal)n).ToString(CultureInfo.InvariantCulture) : null;

    private static void Fast(Jint.Engine engine, string function, Func<JsValue[], object?> fast) => Fast(engine, Names[function], function, fast);

    /// <summary>
    /// Registers <paramref name="name"/>: <paramref name="fast"/> answers the plain case (an int, double, string,
    /// bool or DateOnly), or null to hand the call to the JavaScript at <paramref name="fallback"/> (a dotted path).
    /// </summary>
    internal static void Fast(Jint.Engine engine, string name, string fallback, Func<JsValue[], object?> fast)
    {
        JsValue? slow = null;
        engine.SetValue(name, new ClrFunction(engine, name, (self, args) =>
        {
            switch (fast(args))
            {
                case int number: return new JsNumber(number);
                case double number: return new JsNumber(number);
                case string text: return new JsString(text);
                case bool flag: return flag ? JsBoolean.True : JsBoolean.False;
                case DateOnly date: return ScriptValues.ToJs(engine, date, TimeZoneInfo.Utc);
            }
            slow ??= fallback.Split('.').Skip(1).Aggregate(engine.GetValue(fallback.Split('.')[0]), (o, key) => o.AsObject().Get(key));
            return engine.Call(slow, self, args);
        }));
    }

    private static DateTime? Date(JsValue[] args, int index) =>
        args.Length > index && args[index] is JsDate { DateValue: var ms } && !double.IsNaN(ms) && Math.Abs(ms) < 2.5e14
            ? DateTime.UnixEpoch.AddMilliseconds(ms)
            : null;

    private static object? DateDif(DateOnly start, DateOnly end, string unit)
    {
        if (start > end) return null;
        var months = (end.Year - start.Year) * 12 + end.Month - start.Month - (end.Day < start.Day ? 1 : 0);
        return unit.ToUpperInvariant() switch
        {
            "D" => end.DayNumber - start.DayNumber,
            "M" => months,
            "Y" => months / 12,
            "YM" => months % 12,
            _ => null,
        };
    }

    /// <summary>
    /// A format of digits, grouping and decimals with a currency sign or text around them ("#,##0.00",
    /// "¥#,##0", "0.0#") means the same to .NET as to Excel once the value is rounded half away from zero
    /// first. Percent, sections, exponents and quotes go to the JavaScript.
    /// </summary>
    private static string? FormatNumber(double value, string format)
    {
        if (format.Length is 0 or > 40 || Math.Abs(value) >= ScriptValues.MaxNumber || !double.IsFinite(value)) return null;
        var digits = format.IndexOfAny(['0', '#']);
        var last = format.LastIndexOfAny(['0', '#']);
        if (digits < 0) return null;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            var inside = i >= digits && i <= last;
            if (inside ? c is not ('0' or '#' or ',' or '.') : c is not ('$' or '¥' or '€' or '£' or ' ' or '元')) return null;
        }
        var point = format.IndexOf('.', digits);
        var places = point < 0 || point > last ? 0 : last - point;
        var rounded = Math.Round((decimal)value, places, MidpointRounding.AwayFromZero);
        return rounded.ToString(format, CultureInfo.InvariantCulture);
    }
}
