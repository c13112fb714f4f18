using Platform.Engine.Reports.Definitions;
using Platform.Engine.Reports.Sql;
using Platform.Engine.Storage;

namespace Platform.Engine.Reports.Kinds;

/// <summary>
/// A pivot: one measure per row value × column value (the cells, one row each), the total of each row value and of each
/// column value (<see cref="ReportResult.Subtotals"/>) and of all — each counted by the database, so an average or a count
/// of different values totals correctly.
/// </summary>
internal sealed class PivotKind : ReportKind<PivotReport>
{
    protected override async Task<ReportResult> RunAsync(ReportRun run, PivotReport report, CancellationToken ct)
    {
        var basis = ReportBasis.Of(run, report);
        var args = new SqlArgs();
        var measure = ReportMeasure.Create(run, report.Measure, "measure", args, 0);
        var dimensions = await ReportDimensions.CreateAllAsync(run, [report.Rows], "rows", basis, report.Period, ct);
        dimensions.AddRange(await ReportDimensions.CreateAllAsync(run, [report.Columns], "columns", basis, report.Period, ct));
        if (run.Errors.Count == 0 && dimensions[0].Key == dimensions[1].Key) run.Errors.Add(new("columns.field", "report.sameDimension", dimensions[0].Key));
        if (run.Errors.Count > 0 || measure is null) return new ReportResult("pivot", [], [], null, null);
        measure.Alone = true;

        var grouped = new GroupedRows(run, dimensions, [measure]);
        var where = grouped.Where(basis, args);
        int[][] sets = [[0, 1], [0], [1], []];
        // Up to ten cells a row value, as many row and column values as any grouping.
        var rows = await grouped.ReadAsync(where, args, sets, ct, run.MaxGroups * 10);
        var drill = basis.Drill(run);
        var shape = await grouped.ShaperAsync(rows, sets, drill, ct);
        List<ReportRow> Of(int set) => GroupedRows.Ordered(rows.Where(r => r.Set == set), dimensions, sets[set]).Select(shape).ToList();
        return new ReportResult("pivot", grouped.Columns().ToList(), Of(0), shape(grouped.Total(rows, 3)), drill)
        {
            Period = basis.Span,
            Subtotals = new Dictionary<string, IReadOnlyList<ReportRow>> { [dimensions[0].Key] = Of(1), [dimensions[1].Key] = Of(2) },
        };
    }
}
