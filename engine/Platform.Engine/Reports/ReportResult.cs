using Platform.Engine.Records.Query;

namespace Platform.Engine.Reports;

/// <summary>
/// What a report shows: its columns (dimensions first, then measures), one row per group (a bar, a slice, a stage, a
/// salesperson), the totals, and with each row the record filter that finds its records again (drill-down); the report's
/// own filter in <see cref="Drill"/>. <see cref="Messages"/> says what the viewer should know (groups left out past the cap).
/// </summary>
public sealed record ReportResult(string Kind, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<ReportRow> Rows, ReportRow? Totals, Filter? Drill)
{
    public string? Chart { get; init; }

    public IReadOnlyList<ReportMessage> Messages { get; init; } = [];

    /// <summary>The span the report counted and the one it compares with, in the viewer's days.</summary>
    public ReportSpan? Period { get; init; }

    public ReportSpan? PreviousPeriod { get; init; }

    /// <summary>Totals per value of one dimension (per stack of a stacked bar, per row or column of a pivot), by that dimension's key.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ReportRow>>? Subtotals { get; init; }
}

/// <param name="Role"><c>dimension</c> or <c>measure</c>.</param>
/// <param name="Where">A measure's own condition: the records of one of its cells are its row's drill and this.</param>
public sealed record ReportColumn(string Key, string Label, string Role, string Type)
{
    public Filter? Where { get; init; }

    /// <summary>The form whose records a related measure counts: its cells' drill-downs (in <see cref="ReportRow.Drills"/>) are filters of that form.</summary>
    public string? Form { get; init; }
}

/// <summary>One group: its values by column key, the labels of its dimension values, and the filter of its records.</summary>
public sealed record ReportRow(IReadOnlyDictionary<string, object?> Values, Filter? Drill)
{
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>The filters of the row's cells whose records are not the row's own (a funnel stage's <c>reached</c>), by column key.</summary>
    public IReadOnlyDictionary<string, Filter?>? Drills { get; init; }

    /// <summary>The row's place in a ranking (equal figures, equal places).</summary>
    public int? Rank { get; init; }
}

public sealed record ReportMessage(string Code, string Message);

public sealed record ReportSpan(DateOnly From, DateOnly To);
