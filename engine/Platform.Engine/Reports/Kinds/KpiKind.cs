using Platform.Engine.Reports.Definitions;
using Platform.Engine.Reports.Sql;
using Platform.Engine.Storage;

namespace Platform.Engine.Reports.Kinds;

/// <summary>
/// One number — a measure, or the ratio of a measure to another (win rate, churn rate) — and, with a period, the same
/// number for the period before and the change; all from one statement.
/// </summary>
internal sealed class KpiKind : ReportKind<KpiReport>
{
    protected override async Task<ReportResult> RunAsync(ReportRun run, KpiReport report, CancellationToken ct)
    {
        var basis = ReportBasis.Of(run, report);
        var args = new SqlArgs();
        var measure = ReportMeasure.Create(run, report.Measure, "measure", args, 0);
        var of = report.Of is { } denominator ? ReportMeasure.Create(run, denominator, "of", args, 1) : null;
        if (run.Errors.Count > 0 || measure is null) return new ReportResult("kpi", [], [], null, null);
        measure.Alone = of is null;

        var dialect = run.Dialect;
        string?[] periods = basis.Current is { } now ? [run.Condition(now, args, "period"), run.Condition(basis.Previous!, args, "period")] : [null];
        var parts = new List<string>();
        foreach (var period in periods)
        {
            parts.Add(measure.Sql(dialect, period));
            if (of is not null) parts.Add(of.Sql(dialect, period));
        }
        var both = basis.Current is null ? null : new Records.Query.OrFilter([basis.Current, basis.Previous!]);
        var where = run.Where(basis.Filter, args, both);
        var joins = string.Join(" ", new[] { measure.Join, of?.Join }.OfType<string>());
        var sql = $"SELECT {string.Join(", ", parts.Select((p, i) => $"{p} AS m{i}"))} FROM {run.Table} t {joins} WHERE {where}";
        var row = (await run.QueryAsync(sql, args, ct)).FirstOrDefault() ?? new object?[parts.Count];
        var width = of is null ? 1 : 2;
        object? Value(int period)
        {
            var value = measure.Read(dialect, row[period * width]);
            if (of is null) return value;
            var over = ReportRun.Number(of.Read(dialect, row[period * width + 1]));
            return over is null or 0 || ReportRun.Number(value) is not { } top ? null : Math.Round(top / over.Value, 6);
        }
        var culture = run.Caller.Culture;
        var values = new Dictionary<string, object?> { ["value"] = Value(0) };
        if (of is not null)
        {
            values[measure.Key] = measure.Read(dialect, row[0]);
            values[of.Key == measure.Key ? "of_" + of.Key : of.Key] = of.Read(dialect, row[1]);
        }
        var columns = new List<ReportColumn> { new("value", report.Name?.Resolve(System.Globalization.CultureInfo.GetCultureInfo(culture)) ?? ReportColumns.Label(run, measure), "measure", of is null ? ReportColumns.Type(measure) : "ratio") };
        if (basis.Current is not null)
        {
            PeriodComparison.Add(values, values["value"], Value(1));
            columns.AddRange(PeriodComparison.Columns(culture, columns[0].Type, columns[0].Type));
        }
        var drill = basis.Drill(run);
        return new ReportResult("kpi", columns, [new ReportRow(values, ReportBasis.And(drill, measure.WhereFilter))], null, drill)
        {
            Period = basis.Span,
            PreviousPeriod = basis.PreviousSpan,
        };
    }
}
