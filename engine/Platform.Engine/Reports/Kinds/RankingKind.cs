using Platform.Engine.Reports.Definitions;
using Platform.Engine.Reports.Sql;
using Platform.Engine.Storage;

namespace Platform.Engine.Reports.Kinds;

/// <summary>
/// A ranking: the groups (salespeople, departments, sources) by one measure, largest first, the top N with ties ranked
/// equally (1, 1, 3) and so possibly more than N rows; with a period, each group's figure for the period before and the
/// change. Records with no value in the grouping field are no contestant and are left out.
/// </summary>
internal sealed class RankingKind : ReportKind<RankingReport>
{
    private const int MaxTop = 100;

    protected override async Task<ReportResult> RunAsync(ReportRun run, RankingReport report, CancellationToken ct)
    {
        if (report.Top is < 1 or > MaxTop) run.Errors.Add(new("top", "report.top", MaxTop));
        var basis = ReportBasis.Of(run, report);
        var args = new SqlArgs();
        var measure = ReportMeasure.Create(run, report.Measure, "measure", args, 0);
        var dimensions = await ReportDimensions.CreateAllAsync(run, [report.GroupBy], "groupBy", basis, report.Period, ct);
        if (run.Errors.Count > 0 || measure is null) return new ReportResult("ranking", [], [], null, null);
        measure.Alone = true;

        var dialect = run.Dialect;
        var group = dimensions[0];
        var expression = group is BucketDimension bucket ? bucket.Expression(dialect, args) : group.Expression(dialect, "d0");
        string? current = null, previous = null;
        if (basis.Current is { } now && basis.Previous is { } before)
        {
            current = run.Condition(now, args, "period");
            previous = run.Condition(before, args, "period");
        }
        // m0 the period's figure (what is ranked), m1 the period before's.
        string[] figures = previous is null ? [measure.Sql(dialect)] : [measure.Sql(dialect, current), measure.Sql(dialect, previous)];
        var measures = string.Join(", ", figures.Select((m, i) => $"{m} AS m{i}"));
        var both = basis.Current is null ? null : ReportBasis.And(new Records.Query.OrFilter([basis.Current, basis.Previous!]));
        var where = run.Where(basis.Filter, args, ReportBasis.And(both, group is BucketDimension b ? b.Bounds : null));
        var joins = string.Join(" ", new[] { group.Join(dialect, "d0"), measure.Join }.OfType<string>());
        var grouped = $"SELECT {expression} AS g0, {measures} FROM {run.Table} t {joins} " +
                      $"WHERE {where} AND {expression} IS NOT NULL GROUP BY {expression}";
        var sql = $"SELECT k.* FROM (SELECT r.*, RANK() OVER (ORDER BY {dialect.OrderTerm("r.m0", true)}) AS rnk FROM ({grouped}) r) k " +
                  $"WHERE k.rnk <= {args.Add(report.Top)} ORDER BY k.rnk, k.g0";
        var rows = (await run.QueryAsync(sql, args, ct)).Select(r => (Group: group.Value(dialect, r[0]), Value: measure.Read(dialect, r[1]),
            Before: previous is null ? null : measure.Read(dialect, r[2]), Rank: (int)ReportRun.Count(r[^1]))).ToList();
        var labels = await ReportLabels.LoadAsync(run.Database, rows.Select(r => (group, r.Group)), System.Globalization.CultureInfo.GetCultureInfo(run.Caller.Culture), ct);
        var drill = basis.Drill(run);
        var columns = new List<ReportColumn>
        {
            new(group.Key, ReportColumns.Label(run, group), "dimension", ReportColumns.Type(group)),
            ReportColumns.Of(run, measure),
        };
        if (previous is not null) columns.AddRange(PeriodComparison.Columns(run.Caller.Culture, ReportColumns.Type(measure), "decimal"));
        return new ReportResult("ranking", columns, rows.Select(r =>
        {
            var values = new Dictionary<string, object?> { [group.Key] = r.Group, [measure.Key] = r.Value };
            if (previous is not null) PeriodComparison.Add(values, r.Value, r.Before);
            var rowDrill = ReportBasis.And(drill, group.Drill(r.Group));
            return new ReportRow(values, rowDrill)
            {
                Drills = GroupedRows.Related([measure], rowDrill),
                Labels = new Dictionary<string, string> { [group.Key] = labels.Label(group, r.Group) },
                Rank = r.Rank,
            };
        }).ToList(), null, drill)
        { Period = basis.Span, PreviousPeriod = basis.PreviousSpan };
    }
}
