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
        var measures = previous is null ? measure.Sql(dialect) : $"{measure.Sql(dialect, current)} AS m0, {measure.Sql(dialect, previous)}";
        var both = basis.Current is null ? null : ReportBasis.And(new Records.Query.OrFilter([basis.Current, basis.Previous!]));
        var where = run.Where(basis.Filter, args, ReportBasis.And(both, group is BucketDimension b ? b.Bounds : null));
        var joins = string.Join(" ", new[] { group.Join(dialect, "d0"), measure.Join }.OfType<string>());
        var grouped = $"SELECT {expression} AS g0, {measures} AS m{(previous is null ? 0 : 1)} FROM {run.Table} t {joins} " +
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
        if (previous is not null)
        {
            columns.Add(new("previous", Validation.Messages.Format("report.previous", run.Caller.Culture), "measure", ReportColumns.Type(measure)));
            columns.Add(new("change", Validation.Messages.Format("report.change", run.Caller.Culture), "measure", "decimal"));
            columns.Add(new("changeRate", Validation.Messages.Format("report.changeRate", run.Caller.Culture), "measure", "ratio"));
        }
        return new ReportResult("ranking", columns, rows.Select(r =>
        {
            var values = new Dictionary<string, object?> { [group.Key] = r.Group, [measure.Key] = r.Value };
            if (previous is not null)
            {
                var (now, before) = (ReportRun.Number(r.Value), ReportRun.Number(r.Before));
                values["previous"] = r.Before;
                values["change"] = now - before;
                values["changeRate"] = before is null or 0 || now is null ? null : Math.Round((now.Value - before.Value) / before.Value, 6);
            }
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
