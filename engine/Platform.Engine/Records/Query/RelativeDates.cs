namespace Platform.Engine.Records.Query;

/// <summary>
/// Date ranges relative to today in the caller's time zone, as half-open [start, end) day ranges.
/// Weeks start on Monday (ISO 8601, and the custom in China).
/// </summary>
internal static class RelativeDates
{
    /// <summary>The relative ranges in the order a filter builder offers them.</summary>
    public static readonly IReadOnlyList<string> InOrder =
    [
        "today", "yesterday", "tomorrow", "thisWeek", "lastWeek", "nextWeek", "thisMonth", "lastMonth", "nextMonth",
        "thisYear", "lastYear", "lastNDays", "nextNDays",
    ];

    public static readonly IReadOnlySet<string> Operators = InOrder.ToHashSet();

    public static bool NeedsCount(string op) => op is "lastNDays" or "nextNDays";

    public static (DateOnly Start, DateOnly End) Range(string op, DateOnly today, int days = 0)
    {
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var month = new DateOnly(today.Year, today.Month, 1);
        var year = new DateOnly(today.Year, 1, 1);
        return op switch
        {
            "today" => (today, today.AddDays(1)),
            "yesterday" => (today.AddDays(-1), today),
            "tomorrow" => (today.AddDays(1), today.AddDays(2)),
            "thisWeek" => (monday, monday.AddDays(7)),
            "lastWeek" => (monday.AddDays(-7), monday),
            "nextWeek" => (monday.AddDays(7), monday.AddDays(14)),
            "thisMonth" => (month, month.AddMonths(1)),
            "lastMonth" => (month.AddMonths(-1), month),
            "nextMonth" => (month.AddMonths(1), month.AddMonths(2)),
            "thisYear" => (year, year.AddYears(1)),
            "lastYear" => (year.AddYears(-1), year),
            // The last N days include today, as "最近 N 天" does in most tools.
            "lastNDays" => (today.AddDays(1 - days), today.AddDays(1)),
            "nextNDays" => (today, today.AddDays(days)),
            _ => throw new ArgumentOutOfRangeException(nameof(op)),
        };
    }
}
