using Platform.Engine.Records.Query;
using Platform.Engine.Reports.Definitions;
using Platform.Engine.Reports.Sql;

namespace Platform.Engine.Reports.Kinds;

/// <summary>
/// What every kind starts from: the report's filter, its period in the viewer's days and the span before it, each also as
/// a filter, so the rows' drill-downs reproduce exactly what was counted.
/// </summary>
internal sealed record ReportBasis(Filter? Filter, QueryTarget? PeriodField, (DateOnly From, DateOnly To)? Days, Filter? Current, Filter? Previous)
{
    public static ReportBasis Of(ReportRun run, ReportDefinition report)
    {
        var filter = run.ReadFilter(report.Filter, "filter");
        // Its problems are found now, with the rest of the definition's.
        if (filter is not null) run.Condition(filter, new Storage.SqlArgs(), "filter");
        if (report.Period is not { } period) return new ReportBasis(filter, null, null, null, null);
        var target = run.Field(period.Field, "period.field");
        if (target is not null && !run.IsDate(target))
        {
            run.Errors.Add(new("period.field", "report.periodNotDate", target.Key));
            target = null;
        }
        var days = run.Days(period, "period");
        if (target is null || days is not { } span) return new ReportBasis(filter, null, null, null, null);
        var previous = ReportRun.Previous(span);
        return new ReportBasis(filter, target, span, run.Within(target, span.From, span.To), run.Within(target, previous.From, previous.To));
    }

    public (DateOnly From, DateOnly To)? PreviousDays => Days is { } span ? ReportRun.Previous(span) : null;

    /// <summary>The filter of everything the report counted: its own, the viewer's, and its period.</summary>
    public Filter? Drill(ReportRun run, Filter? also = null) => And(Filter, run.Overrides, Current, also);

    public static Filter? And(params Filter?[] parts)
    {
        var given = parts.OfType<Filter>().SelectMany(p => p is AndFilter and ? and.Items : [p]).ToList();
        return given.Count switch { 0 => null, 1 => given[0], _ => new AndFilter(given) };
    }

    public ReportSpan? Span => Days is { } d ? new ReportSpan(d.From, d.To) : null;

    public ReportSpan? PreviousSpan => PreviousDays is { } d ? new ReportSpan(d.From, d.To) : null;
}
