using System.Globalization;
using Platform.Engine.Records.Query;
using Platform.Engine.Storage;

namespace Platform.Engine.Reports.Sql;

/// <summary>One group read back: which grouping set, its dimension values (as results show them) and its measures.</summary>
internal sealed record GroupedRow(int Set, object?[] Groups, object?[] Measures);

/// <summary>Runs a <see cref="GroupStatement"/> and shapes what it gives back into rows, columns and labels.</summary>
internal sealed class GroupedRows(ReportRun run, IReadOnlyList<GroupDimension> dimensions, IReadOnlyList<ReportMeasure> measures)
{
    public IReadOnlyList<GroupDimension> Dimensions => dimensions;

    public IReadOnlyList<ReportMeasure> Measures => measures;

    public async Task<List<GroupedRow>> ReadAsync(string where, SqlArgs args, IReadOnlyList<int[]> sets, CancellationToken ct, int? cap = null,
        IReadOnlyList<string>? measureSql = null)
    {
        var most = cap ?? run.MaxGroups;
        var sql = GroupStatement.Build(run, args, where, dimensions, measureSql ?? measures.Select(m => m.Sql(run.Dialect)).ToList(),
            measures.Select(m => m.Join), sets, most);
        var rows = new List<GroupedRow>();
        var width = measureSql?.Count ?? measures.Count;
        foreach (var row in await run.QueryAsync(sql, args, ct))
        {
            var set = (int)ReportRun.Count(row[0]);
            var groups = dimensions.Select((d, i) => sets[set].Contains(i) ? d.Value(run.Dialect, row[1 + i]) : null).ToArray();
            var values = Enumerable.Range(0, width).Select(i => row[1 + dimensions.Count + i]).ToArray();
            if (measureSql is null) values = values.Select((v, i) => measures[i].Read(run.Dialect, v)).ToArray();
            rows.Add(new GroupedRow(set, groups, values));
        }
        foreach (var set in rows.GroupBy(r => r.Set).Where(g => g.Count() > most).ToList())
        {
            foreach (var extra in set.Skip(most)) rows.Remove(extra);
            run.Warnings.Add(new("groups", "report.capped", most, string.Join(", ", sets[set.Key].Select(i => dimensions[i].Key))));
        }
        return rows;
    }

    /// <summary>The report's WHERE for these groups: its filter, its period, and the span of any time axis.</summary>
    public string Where(Kinds.ReportBasis basis, SqlArgs args) =>
        run.Where(basis.Filter, args, Kinds.ReportBasis.And([basis.Current, .. dimensions.OfType<BucketDimension>().Select(b => b.Range)]));

    /// <summary>
    /// How each group read becomes a row of the result: its values, the labels of its dimension values (looked up once for
    /// all of <paramref name="rows"/>), the filter of its records and those of its related cells.
    /// </summary>
    public async Task<Func<GroupedRow, ReportRow>> ShaperAsync(IReadOnlyList<GroupedRow> rows, IReadOnlyList<int[]> sets, Filter? drill, CancellationToken ct)
    {
        var labels = await ReportLabels.LoadAsync(run.Database, rows.SelectMany(r => r.Groups.Select((v, i) => (dimensions[i], v))), Culture, ct);
        return row =>
        {
            var set = sets[row.Set];
            var rowDrill = Drill(drill, row, set);
            return new ReportRow(Values(row, set), rowDrill) { Labels = Labels(labels, row, set), Drills = RelatedDrills(rowDrill) };
        };
    }

    /// <summary>The group of grouping set <paramref name="set"/> with no dimension (the total), or one of no records when nothing matched.</summary>
    public GroupedRow Total(IEnumerable<GroupedRow> rows, int set) => rows.FirstOrDefault(r => r.Set == set) ?? new GroupedRow(set, new object?[dimensions.Count], Zero());

    /// <summary>The measures of no records: counts and sums are 0, the rest have no value.</summary>
    public object?[] Zero() => measures.Select(m => m.Adds ? (object?)(m.Definition.Aggregate == "sum" ? 0m : 0L) : null).ToArray();

    private CultureInfo Culture => CultureInfo.GetCultureInfo(run.Caller.Culture);

    /// <summary>The filter of one group's records: the report's, and each of the group's values.</summary>
    private Filter? Drill(Filter? report, GroupedRow row, int[] set) =>
        Kinds.ReportBasis.And([report, .. set.Select(i => dimensions[i].Drill(row.Groups[i]))]);

    /// <summary>The filters of a row's related-form cells (see <see cref="ReportMeasure.RelatedDrill"/>), by measure key; null when it has none.</summary>
    private Dictionary<string, Filter?>? RelatedDrills(Filter? rowDrill) => Related(measures, rowDrill);

    public static Dictionary<string, Filter?>? Related(IEnumerable<ReportMeasure> measures, Filter? rowDrill)
    {
        var related = measures.Where(m => m.RelatedForm is not null).ToDictionary(m => m.Key, m => m.RelatedDrill(rowDrill));
        return related.Count == 0 ? null : related;
    }

    private Dictionary<string, string> Labels(ReportLabels labels, GroupedRow row, int[] set) =>
        set.ToDictionary(i => dimensions[i].Key, i => labels.Label(dimensions[i], row.Groups[i]));

    private Dictionary<string, object?> Values(GroupedRow row, int[] set)
    {
        var values = set.ToDictionary(i => dimensions[i].Key, i => row.Groups[i]);
        for (var i = 0; i < measures.Count; i++) values[measures[i].Key] = row.Measures[i];
        return values;
    }

    public IEnumerable<ReportColumn> Columns() =>
        dimensions.Select(d => new ReportColumn(d.Key, ReportColumns.Label(run, d), "dimension", ReportColumns.Type(d)))
            .Concat(measures.Select(m => ReportColumns.Of(run, m)));

    /// <summary>Rows in the own order (options, time) of the set's dimensions, else the largest first as the statement gave them.</summary>
    public static IEnumerable<GroupedRow> Ordered(IEnumerable<GroupedRow> rows, IReadOnlyList<GroupDimension> dimensions, int[] set)
    {
        var ordered = rows.OrderBy(_ => 0);
        foreach (var index in set)
        {
            if (dimensions[index].Order(null) is null) break;
            ordered = ordered.ThenBy(r => dimensions[index].Order(r.Groups[index]));
        }
        return ordered;
    }
}
