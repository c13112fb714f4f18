using Jint;
using Jint.Native;

namespace Platform.Engine.Scripting;

/// <summary>
/// Arithmetic and rounding on numbers, done in decimal and in C#: 0.1 + 0.2 is 0.3, 100 - 99.99 is
/// 0.01 and ROUND(1.005, 2) is 1.01, as money must be, and faster than the interpreter could. A double
/// becomes a decimal at 15 significant digits (Excel's precision), so each operand is read as the number
/// the user typed. Anything but two plain numbers (text, blanks, dates, a zero divisor, numbers beyond
/// decimal's range) goes to the runtime's JavaScript, which applies Excel's coercions and errors.
/// </summary>
internal static class DecimalArithmetic
{
    public static void Register(Jint.Engine engine)
    {
        Arithmetic(engine, "__dadd", "add", static (a, b) => a + b);
        Arithmetic(engine, "__dsub", "sub", static (a, b) => a - b);
        Arithmetic(engine, "__dmul", "mul", static (a, b) => a * b);
        Arithmetic(engine, "__ddiv", "div", static (a, b) => b == 0 ? null : a / b);
        Arithmetic(engine, "__round", "round", static (a, d) => Round(a, d, static x => Math.Round(x, MidpointRounding.AwayFromZero)));
        Arithmetic(engine, "__roundup", "roundup", static (a, d) => Round(a, d, static x => Math.Sign(x) * Math.Ceiling(Math.Abs(x))));
        Arithmetic(engine, "__rounddown", "rounddown", static (a, d) => Round(a, d, static x => Math.Sign(x) * Math.Floor(Math.Abs(x))));
    }

    /// <summary>A host function for two numbers (a missing second one is 0); anything else goes to <c>__x.slow[fallback]</c>.</summary>
    private static void Arithmetic(Jint.Engine engine, string name, string fallback, Func<decimal, decimal, decimal?> exact) =>
        HostFunctions.Fast(engine, name, "__x.slow." + fallback, args =>
            args.Length > 0 && args[0] is JsNumber a && (args.Length < 2 || args[1] is JsNumber || args[1].IsUndefined())
                ? Exact(a.AsNumber(), args.Length > 1 && args[1] is JsNumber b ? b.AsNumber() : 0, exact)
                : null);

    /// <summary>An operation on two numbers in decimal; null when it declines, or when they or the result lie beyond decimal's range.</summary>
    internal static double? Exact(double a, double b, Func<decimal, decimal, decimal?> operation)
    {
        if (!(Math.Abs(a) < ScriptValues.MaxNumber && Math.Abs(b) < ScriptValues.MaxNumber)) return null;
        try
        {
            return operation((decimal)a, (decimal)b) is { } result ? (double)result : null;
        }
        catch (OverflowException)
        {
            // Beyond decimal's range: the JavaScript works in double.
            return null;
        }
    }

    private static decimal? Round(decimal value, decimal digits, Func<decimal, decimal> round)
    {
        if (digits != decimal.Truncate(digits) || digits is > 15 or < -15) return null;
        var scale = Pow10((int)digits);
        return round(value * scale) / scale;
    }

    private static decimal Pow10(int digits)
    {
        var result = 1m;
        for (var i = 0; i < Math.Abs(digits); i++) result *= 10;
        return digits >= 0 ? result : 1 / result;
    }
}
