namespace Platform.Engine.Values;

/// <summary>
/// Numbers of a fixed precision (money, numbers, percents, number formulas) are stored as 64-bit integers
/// of minor units (12.34 at precision 2 is 1234), so that sums and comparisons in SQL are exact on every
/// database, SQLite included. One range serves all of them: at most 18 digits in all, <c>precision</c> of
/// them after the point (±9,999,999,999,999,999.99 at precision 2). Every database raises an error rather
/// than wrap when a SUM of such integers overflows.
/// </summary>
public static class FixedPoint
{
    /// <summary>The largest number of minor units a value may have: 18 nines, well inside a 64-bit integer.</summary>
    public const long MaxMinorUnits = 999_999_999_999_999_999;

    /// <summary>The largest value a precision holds.</summary>
    public static decimal Limit(int precision) => MaxMinorUnits / Scale(precision);

    public static bool Fits(decimal value, int precision) => Math.Abs(value) <= Limit(precision);

    /// <summary>12.345 at precision 2 → 1235 (half away from zero, as Excel rounds).</summary>
    public static long ToMinorUnits(decimal value, int precision)
    {
        var minor = Math.Round(value * Scale(precision), MidpointRounding.AwayFromZero);
        return Math.Abs(minor) <= MaxMinorUnits
            ? (long)minor
            : throw new OverflowException($"{value} is beyond the ±{Limit(precision)} a precision of {precision} holds.");
    }

    public static decimal FromMinorUnits(long minor, int precision) => minor / Scale(precision);

    private static decimal Scale(int precision)
    {
        var scale = 1m;
        for (var i = 0; i < precision; i++) scale *= 10;
        return scale;
    }
}
