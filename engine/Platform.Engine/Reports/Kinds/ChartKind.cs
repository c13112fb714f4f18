using Platform.Engine.Reports.Definitions;
using Platform.Engine.Reports.Sql;
using Platform.Engine.Storage;

namespace Platform.Engine.Reports.Kinds;

/// <summary>
/// A chart: the records grouped by one or two dimensions, one or more measures per group, the totals of all (and per
/// value of the first dimension when there are two, for stacked bars); every bucket of a time axis present, empty or not.
/// </summary>
internal sealed class ChartKind : ReportKind<ChartReport>
{
    public static readonly IReadOnlySet<string> Charts = new HashSet<string> { "pie", "bar", "line", "stackedBar", "area" };

    private const int MaxMeasures = 10;

    protected override async Task<ReportResult> RunAsync(ReportRun run, ChartReport report, CancellationToken ct)
    {
        if (!Charts.Contains(report.Chart)) run.Errors.Add(new("chart", "report.unknownChart", report.Chart, string.Join(", ", Charts)));
        if (report.Dimensions.Count is < 1 or > 2 || report.Chart == "pie" && report.Dimensions.Count != 1)
            run.Errors.Add(new("dimensions", "report.dimensions", report.Chart == "pie" ? 1 : 2));
        if (report.Measures.Count is < 1 or > MaxMeasures) run.Errors.Add(new("measures", "report.measures", MaxMeasures));
        var basis = ReportBasis.Of(run, report);
        var args = new SqlArgs();
        var measures = report.Measures.Select((m, i) => ReportMeasure.Create(run, m, $"measures[{i}]", args, i)).ToList();
        var dimensions = await ReportDimensions.CreateAllAsync(run, report.Dimensions, "dimensions", basis, report.Period, ct);
        if (run.Errors.Count > 0) return Empty(report);
        if (measures is [{ } only]) only.Alone = true;

        var grouped = new GroupedRows(run, dimensions, measures.Select(m => m!).ToList());
        var where = grouped.Where(basis, args);
        int[] all = Enumerable.Range(0, dimensions.Count).ToArray();
        var sets = dimensions.Count == 2 ? new[] { all, [0], [] } : new[] { all, [] };
        var rows = await grouped.ReadAsync(where, args, sets, ct);
        var cells = WithEveryBucket(rows.Where(r => r.Set == 0).ToList(), grouped);
        var drill = basis.Drill(run);
        var shape = await grouped.ShaperAsync(rows, sets, drill, ct);
        return new ReportResult("chart", grouped.Columns().ToList(), GroupedRows.Ordered(cells, dimensions, all).Select(shape).ToList(),
            shape(grouped.Total(rows, sets.Length - 1)), drill)
        {
            Chart = report.Chart,
            Period = basis.Span,
            Subtotals = dimensions.Count == 2
                ? new Dictionary<string, IReadOnlyList<ReportRow>> { [dimensions[0].Key] = GroupedRows.Ordered(rows.Where(r => r.Set == 1), dimensions, [0]).Select(shape).ToList() }
                : null,
        };
    }

    private static ReportResult Empty(ChartReport report) => new("chart", [], [], null, null) { Chart = report.Chart };

    /// <summary>A time axis shows each of its buckets: the ones no record fell in count nothing.</summary>
    private static List<GroupedRow> WithEveryBucket(List<GroupedRow> cells, GroupedRows grouped)
    {
        if (grouped.Dimensions is not [BucketDimension bucket]) return cells;
        var present = cells.Select(c => c.Groups[0]).OfType<DateOnly>().ToHashSet();
        return cells.Concat(bucket.Buckets.Starts.Where(s => !present.Contains(s)).Select(s => new GroupedRow(0, [s], grouped.Zero()))).ToList();
    }
}
