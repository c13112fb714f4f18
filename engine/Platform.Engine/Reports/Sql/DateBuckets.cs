namespace Platform.Engine.Reports.Sql;

/// <summary>
/// The buckets of a date dimension over a span of days: each bucket's first day, and the day after the last. Weeks start on
/// Monday (ISO 8601, and the custom in China); quarters in January, April, July and October.
/// </summary>
internal sealed record DateBuckets(string Unit, IReadOnlyList<DateOnly> Starts, DateOnly End)
{
    public const int Max = 1000;

    public static readonly IReadOnlySet<string> Units = new HashSet<string> { "day", "week", "month", "quarter", "year" };

    /// <summary>The buckets that cover [from, to); null when there would be more than <see cref="Max"/>.</summary>
    public static DateBuckets? Cover(string unit, DateOnly from, DateOnly to)
    {
        var starts = new List<DateOnly>();
        for (var start = StartOf(unit, from); start < to; start = Next(unit, start))
        {
            if (starts.Count == Max) return null;
            starts.Add(start);
        }
        return new DateBuckets(unit, starts, starts.Count == 0 ? to : Next(unit, starts[^1]));
    }

    public DateOnly EndOf(DateOnly start) => Next(Unit, start);

    /// <summary>The bucket's name as people write it: 2026-11-30, 2026-W49, 2026-11, 2026-Q4, 2026.</summary>
    public string Label(DateOnly start) => Unit switch
    {
        "day" => start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        "week" => $"{System.Globalization.ISOWeek.GetYear(start.ToDateTime(TimeOnly.MinValue))}-W{System.Globalization.ISOWeek.GetWeekOfYear(start.ToDateTime(TimeOnly.MinValue)):00}",
        "month" => $"{start.Year}-{start.Month:00}",
        "quarter" => $"{start.Year}-Q{(start.Month + 2) / 3}",
        _ => start.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static DateOnly StartOf(string unit, DateOnly day) => unit switch
    {
        "day" => day,
        "week" => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        "month" => new DateOnly(day.Year, day.Month, 1),
        "quarter" => new DateOnly(day.Year, (day.Month - 1) / 3 * 3 + 1, 1),
        _ => new DateOnly(day.Year, 1, 1),
    };

    private static DateOnly Next(string unit, DateOnly start) => unit switch
    {
        "day" => start.AddDays(1),
        "week" => start.AddDays(7),
        "month" => start.AddMonths(1),
        "quarter" => start.AddMonths(3),
        _ => start.AddYears(1),
    };
}
