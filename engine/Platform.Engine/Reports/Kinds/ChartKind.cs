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
        var where = run.Where(basis.Filter, args, ReportBasis.And([basis.Current, .. dimensions.OfType<BucketDimension>().Select(b => b.Range)]));
        int[] all = Enumerable.Range(0, dimensions.Count).ToArray();
        var sets = dimensions.Count == 2 ? new[] { all, [0], [] } : new[] { all, [] };
        var rows = await grouped.ReadAsync(where, args, sets, ct);
        var cells = WithEveryBucket(rows.Where(r => r.Set == 0).ToList(), grouped);
        var labels = await grouped.LabelsAsync(run.Database, rows, ct);
        var drill = basis.Drill(run);
        ReportRow Shape(GroupedRow row)
        {
            var rowDrill = grouped.Drill(drill, row, sets[row.Set]);
            return new ReportRow(grouped.Values(row, sets[row.Set]), rowDrill)
            {
                Labels = grouped.Labels(labels, row, sets[row.Set]),
                Drills = grouped.RelatedDrills(rowDrill),
            };
        }
        var total = rows.FirstOrDefault(r => r.Set == sets.Length - 1) ?? new GroupedRow(sets.Length - 1, new object?[dimensions.Count], Zero(grouped));
        return new ReportResult("chart", grouped.Columns().ToList(), GroupedRows.Ordered(cells, dimensions, all).Select(Shape).ToList(), Shape(total), drill)
        {
            Chart = report.Chart,
            Period = basis.Span,
            Subtotals = dimensions.Count == 2
                ? new Dictionary<string, IReadOnlyList<ReportRow>> { [dimensions[0].Key] = GroupedRows.Ordered(rows.Where(r => r.Set == 1), dimensions, [0]).Select(Shape).ToList() }
                : null,
        };
    }

    private static ReportResult Empty(ChartReport report) => new("chart", [], [], null, null) { Chart = report.Chart };

    /// <summary>A time axis shows each of its buckets: the ones no record fell in count nothing.</summary>
    private static List<GroupedRow> WithEveryBucket(List<GroupedRow> cells, GroupedRows grouped)
    {
        if (grouped.Dimensions is not [BucketDimension bucket]) return cells;
        var present = cells.Select(c => c.Groups[0]).OfType<DateOnly>().ToHashSet();
        return cells.Concat(bucket.Buckets.Starts.Where(s => !present.Contains(s)).Select(s => new GroupedRow(0, [s], Zero(grouped)))).ToList();
    }

    /// <summary>The measures of no records: counts and sums are 0, the rest have no value.</summary>
    public static object?[] Zero(GroupedRows grouped) => grouped.Measures.Select(m => m.Adds ? (object?)(m.Definition.Aggregate == "sum" ? 0m : 0L) : null).ToArray();
}
