using System.Globalization;

namespace Platform.Engine.Reports.Sql;

/// <summary>
/// One statement that groups the report's records several ways at once (each way a "grouping set": by every dimension for
/// the cells, by some for subtotals, by none for the grand total), as a UNION ALL of GROUP BYs, which every database runs.
/// Its columns: <c>s</c> (which set), <c>g0…</c> (the dimensions' values, NULL where the set leaves one out), <c>m0…</c>
/// (the measures). A left-out dimension is a NULL of its type, so the sets' columns agree on PostgreSQL. Each set with dimensions gives at most <paramref name="cap"/> + 1 groups, the largest first.
/// </summary>
internal static class GroupStatement
{
    public static string Build(ReportRun run, Storage.SqlArgs args, string where, IReadOnlyList<GroupDimension> dimensions,
        IReadOnlyList<string> measures, IEnumerable<string?> measureJoins, IReadOnlyList<int[]> sets, int cap)
    {
        var dialect = run.Dialect;
        var expressions = dimensions.Select((d, i) => d is BucketDimension bucket ? bucket.Expression(dialect, args) : d.Expression(dialect, "d" + i)).ToList();
        var joins = measureJoins.OfType<string>().ToList();
        var limit = args.Add(cap + 1);
        var parts = sets.Select((set, s) =>
        {
            var columns = string.Join(", ", expressions.Select((e, i) => (set.Contains(i) ? e : $"CAST(NULL AS {dialect.TypeOf(dimensions[i].ValueSpec)})") + " AS g" + i)
                .Concat(measures.Select((m, i) => $"{m} AS m{i}")));
            var from = string.Join(" ", set.Select(i => dimensions[i].Join(dialect, "d" + i)).OfType<string>().Concat(joins));
            var sql = $"SELECT {s.ToString(CultureInfo.InvariantCulture)} AS s, {columns} FROM {run.Table} t {from} WHERE {where}";
            if (set.Length == 0) return sql;
            sql += " GROUP BY " + string.Join(", ", set.Select(i => expressions[i]));
            var order = string.Join(", ", new[] { measures.Count > 0 ? dialect.OrderTerm("m0", true) : null }.OfType<string>()
                .Concat(set.Select(i => dialect.OrderTerm("g" + i, false))));
            return $"SELECT * FROM ({dialect.Page(sql + " ORDER BY " + order, limit, null)}) x{s}";
        });
        return string.Join(" UNION ALL ", parts);
    }
}
