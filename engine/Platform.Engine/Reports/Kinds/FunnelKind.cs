using System.Globalization;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Records.Query;
using Platform.Engine.Reports.Definitions;
using Platform.Engine.Reports.Sql;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Reports.Kinds;

/// <summary>
/// The funnel over a stage field. Per stage: <c>count</c> (snapshot: records now there; cohort: records whose furthest stage
/// entered within the period is this one), <c>reached</c> (this stage or a later one), <c>conversion</c> from the stage
/// before and from the first, a measure beside the count, and the median hours records stayed in the stage before moving on.
/// </summary>
internal sealed class FunnelKind : ReportKind<FunnelReport>
{
    protected override async Task<ReportResult> RunAsync(ReportRun run, FunnelReport report, CancellationToken ct)
    {
        var cohort = report.Mode == "cohort";
        if (report.Mode is not ("snapshot" or "cohort")) run.Errors.Add(new("mode", "report.funnelMode", report.Mode));
        var target = run.Field(report.StageField, "stageField");
        var field = target is null ? null : run.Model.Field(target.Key)?.Definition as SelectField;
        if (target is not null && field is null) run.Errors.Add(new("stageField", "report.notSelect", target.Key));
        var stages = report.Stages.Count > 0 ? report.Stages : field?.Options.Select(o => o.Key).ToList() ?? [];
        for (var i = 0; i < stages.Count && field is not null; i++)
        {
            if (field.Options.All(o => o.Key != stages[i])) run.Errors.Add(new($"stages[{i}]", "report.unknownStage", stages[i], field.Key));
            else if (stages.Take(i).Contains(stages[i])) run.Errors.Add(new($"stages[{i}]", "report.duplicateStage", stages[i]));
        }
        // A cohort's period is when the stages were entered, on the stage history; a snapshot's is a date field of the records.
        var basis = ReportBasis.Of(run, cohort ? report with { Period = null } : report);
        var days = cohort ? run.Days(report.Period, "period") : basis.Days;
        if (cohort && (report.Period is null || report.Period.Field != report.StageField)) run.Errors.Add(new("period.field", "report.cohortPeriod", report.StageField));
        var args = new SqlArgs();
        var measure = report.Measure is { } m ? ReportMeasure.Create(run, m, "measure", args, 1) : null;
        if (run.Errors.Count > 0 || target is null || field is null) return new ReportResult("funnel", [], [], null, null);

        var inStages = Condition.Of(target.Key, "in", stages);
        var drill = cohort ? ReportBasis.And(basis.Drill(run)) : basis.Drill(run, inStages);
        var (from, to) = days is { } d ? (run.Bound(Instant, d.From), run.Bound(Instant, d.To)) : (null, null);
        var counts = cohort
            ? await CohortAsync(run, target, stages, basis.Filter, measure, ((DateTime)from!, (DateTime)to!), args, ct)
            : await SnapshotAsync(run, target, stages, basis, inStages, measure, args, ct);
        var hours = report.TimeInStage ? await MedianHoursAsync(run, target, stages, basis, inStages, ct) : null;

        var culture = CultureInfo.GetCultureInfo(run.Caller.Culture);
        var reached = new long[stages.Count];
        for (var i = stages.Count - 1; i >= 0; i--) reached[i] = counts[stages[i]].Count + (i + 1 < stages.Count ? reached[i + 1] : 0);
        Filter Entered(IEnumerable<string> keys) =>
            new Condition(target.Key, "entered", System.Text.Json.JsonSerializer.SerializeToElement(new { stages = keys, from, to }));
        var rows = stages.Select((stage, i) =>
        {
            var values = new Dictionary<string, object?>
            {
                [target.Key] = stage, ["count"] = counts[stage].Count, ["reached"] = reached[i],
                ["conversion"] = i == 0 ? null : Ratio(reached[i], reached[i - 1]),
                ["conversionFromFirst"] = Ratio(reached[i], reached[0]),
            };
            if (measure is not null) values[measure.Key] = counts[stage].Measure;
            if (hours is not null) values["medianHours"] = hours.GetValueOrDefault(stage);
            var later = stages.Skip(i + 1).ToList();
            var here = cohort
                ? ReportBasis.And(drill, Entered([stage]), later.Count > 0 ? new NotFilter(Entered(later)) : null)
                : ReportBasis.And(basis.Drill(run), Condition.Of(target.Key, "eq", stage));
            return new ReportRow(values, here)
            {
                Labels = new Dictionary<string, string> { [target.Key] = field.Options.First(o => o.Key == stage).Label?.Resolve(culture) ?? stage },
                Drills = new Dictionary<string, Filter?>
                {
                    ["reached"] = cohort ? ReportBasis.And(drill, Entered(stages.Skip(i))) : ReportBasis.And(basis.Drill(run), Condition.Of(target.Key, "in", stages.Skip(i))),
                },
            };
        }).ToList();
        var columns = new List<ReportColumn>
        {
            new(target.Key, ReportColumns.FieldLabel(run, target.Key), "dimension", "select"),
            new("count", Messages.Format("report.count", culture.Name), "measure", "integer"),
            new("reached", Messages.Format("report.reached", culture.Name), "measure", "integer"),
            new("conversion", Messages.Format("report.conversion", culture.Name), "measure", "ratio"),
            new("conversionFromFirst", Messages.Format("report.conversionFromFirst", culture.Name), "measure", "ratio"),
        };
        if (measure is not null) columns.Add(ReportColumns.Of(run, measure));
        if (hours is not null) columns.Add(new("medianHours", Messages.Format("report.medianHours", culture.Name), "measure", "decimal"));
        var totals = new Dictionary<string, object?> { ["count"] = reached.FirstOrDefault() };
        if (measure is not null) totals[measure.Key] = Total(counts.Values.Select(c => c.Measure), measure);
        return new ReportResult("funnel", columns, rows, new ReportRow(totals, drill), drill)
        {
            Period = days is { } span ? new ReportSpan(span.From, span.To) : null,
        };
    }

    /// <summary>A stand-in date-time target: a cohort's period bounds are instants in the viewer's time zone.</summary>
    private static readonly QueryTarget Instant = new("at", Storage.Forms.StorageKind.Column, ColumnSpec.Instant, "at", null, new Values.DateTimeCodec(), false);

    private static decimal? Ratio(long part, long whole) => whole == 0 ? null : Math.Round((decimal)part / whole, 6);

    private static object? Total(IEnumerable<object?> values, ReportMeasure measure) =>
        measure.Adds ? values.Select(ReportRun.Number).Sum(v => v ?? 0) : null;

    private sealed record StageCount(long Count, object? Measure);

    private static async Task<Dictionary<string, StageCount>> SnapshotAsync(ReportRun run, QueryTarget target, IReadOnlyList<string> stages, ReportBasis basis,
        Filter inStages, ReportMeasure? measure, SqlArgs args, CancellationToken ct)
    {
        var dimension = new ColumnDimension(target.Key, target);
        var count = ReportMeasure.Count();
        var grouped = new GroupedRows(run, [dimension], measure is null ? [count] : [count, measure]);
        var where = run.Where(basis.Filter, args, ReportBasis.And(basis.Current, inStages));
        var rows = await grouped.ReadAsync(where, args, [[0]], ct);
        return stages.ToDictionary(s => s, s => rows.FirstOrDefault(r => Equals(r.Groups[0], s)) is { } row
            ? new StageCount(ReportRun.Count(row.Measures[0]), measure is null ? null : row.Measures[1])
            : new StageCount(0, measure?.Adds == true ? 0m : null));
    }

    /// <summary>
    /// Per record, the furthest of the stages it entered within the period (from the stage history), then the records per
    /// furthest stage — within the caller's scope and the report's filter, as the records stand now.
    /// </summary>
    private static async Task<Dictionary<string, StageCount>> CohortAsync(ReportRun run, QueryTarget target, IReadOnlyList<string> stages, Filter? filter,
        ReportMeasure? measure, (DateTime From, DateTime To) period, SqlArgs args, CancellationToken ct)
    {
        var dialect = run.Dialect;
        var names = stages.Select(s => args.Add(s)).ToList();
        var furthest = $"MAX(CASE h.to_stage {string.Concat(names.Select((n, i) => $"WHEN {n} THEN {i} "))}END)";
        var moves = $"SELECT h.record_id AS rid, {furthest} AS m FROM pf_stage_history h WHERE h.form_id = {args.Add(run.Model.FormId)} " +
                    $"AND h.field_key = {args.Add(target.Key)} AND h.to_stage IN ({string.Join(", ", names)}) " +
                    $"AND h.at >= {args.Add(dialect.ToDb(ColumnType.DateTime, period.From))} AND h.at < {args.Add(dialect.ToDb(ColumnType.DateTime, period.To))} GROUP BY h.record_id";
        var where = run.Where(filter, args);
        var sql = $"SELECT x.m, COUNT(*){(measure is null ? "" : ", " + measure.Sql(dialect))} FROM ({moves}) x JOIN {run.Table} t ON t.id = x.rid " +
                  $"{measure?.Join} WHERE {where} GROUP BY x.m";
        var rows = await run.QueryAsync(sql, args, ct);
        return stages.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => rows.FirstOrDefault(r => ReportRun.Count(r[0]) == p.i) is { } row
            ? new StageCount(ReportRun.Count(row[1]), measure?.Read(dialect, row[2]))
            : new StageCount(0, measure?.Adds == true ? 0m : null));
    }

    /// <summary>
    /// The median of the times records stayed in each stage before their next move (stays not yet over are left out), for
    /// the records the funnel counts: one statement with window functions, which every database has.
    /// </summary>
    private static async Task<Dictionary<string, decimal?>> MedianHoursAsync(ReportRun run, QueryTarget target, IReadOnlyList<string> stages, ReportBasis basis,
        Filter inStages, CancellationToken ct)
    {
        var dialect = run.Dialect;
        var args = new SqlArgs();
        var where = run.Where(basis.Filter, args, ReportBasis.And(basis.Current, inStages));
        var moves = $"SELECT h.to_stage AS stage, h.at AS entered, LEAD(h.at) OVER (PARTITION BY h.record_id ORDER BY h.id) AS left_at " +
                    $"FROM pf_stage_history h WHERE h.form_id = {args.Add(run.Model.FormId)} AND h.field_key = {args.Add(target.Key)} " +
                    $"AND h.record_id IN (SELECT t.id FROM {run.Table} t WHERE {where})";
        var stays = $"SELECT m.stage, {dialect.SecondsBetween("m.entered", "m.left_at")} AS s FROM ({moves}) m " +
                    $"WHERE m.left_at IS NOT NULL AND m.stage IN ({string.Join(", ", stages.Select(s => args.Add(s)))})";
        var ranked = $"SELECT y.stage, y.s, ROW_NUMBER() OVER (PARTITION BY y.stage ORDER BY y.s) AS n, COUNT(*) OVER (PARTITION BY y.stage) AS c FROM ({stays}) y";
        var sql = $"SELECT z.stage, AVG(z.s * 1.0) FROM ({ranked}) z WHERE z.n IN ((z.c + 1) / 2, (z.c + 2) / 2) GROUP BY z.stage";
        var rows = await run.QueryAsync(sql, args, ct);
        return rows.ToDictionary(r => (string)r[0]!, r => ReportRun.Number(r[1]) is { } seconds ? Math.Round(seconds / 3600m, 2) : (decimal?)null);
    }
}
