using System.Globalization;
using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Records.Query;
using Platform.Engine.Reports.Definitions;
using Platform.Engine.Reports.Sql;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Forms;
using Platform.Engine.Validation;

namespace Platform.Engine.Reports.Kinds;

/// <summary>
/// Is the data alive — one row per check, all counted by one statement: each field's completeness (records with it filled
/// in), per stage the records that lack a field their stage requires, and the share of records followed up in time (a
/// related record within the window of the record's creation, among those whose window is over). <c>good</c> of
/// <c>total</c>, their <c>share</c>, and the drill-down to the records that fail the check.
/// </summary>
internal sealed class DataQualityKind : ReportKind<DataQualityReport>
{
    /// <param name="Label">The subject as the viewer reads it: a field's label, a stage's, the follow-up form.</param>
    private sealed record Check(string Kind, string Subject, string Label, string Good, string Total, Filter? Failing);

    protected override async Task<ReportResult> RunAsync(ReportRun run, DataQualityReport report, CancellationToken ct)
    {
        if (report.Fields.Count == 0 && report.StageField is null && report.FollowUp is null) run.Errors.Add(new("fields", "report.noChecks"));
        var basis = ReportBasis.Of(run, report);
        var culture = CultureInfo.GetCultureInfo(run.Caller.Culture);
        var args = new SqlArgs();
        var checks = new List<Check>();
        for (var i = 0; i < report.Fields.Count; i++)
        {
            if (run.Field(report.Fields[i], $"fields[{i}]") is not { } target) continue;
            var filled = Condition.Of(target.Key, "isNotEmpty");
            checks.Add(new Check("completeness", target.Key, ReportColumns.FieldLabel(run, target.Key), Count(run.Condition(filled, args, $"fields[{i}]")), "COUNT(*)", Condition.Of(target.Key, "isEmpty")));
        }
        if (report.StageField is { } stageKey && run.Field(stageKey, "stageField") is { } stageTarget)
        {
            if (run.Model.Field(stageKey)?.Definition is not SelectField { Stages: { } rules } select)
                run.Errors.Add(new("stageField", "workflow.notStageField", stageKey));
            else
            {
                foreach (var option in select.Options)
                {
                    if (!rules.Entry.TryGetValue(option.Key, out var entry) || entry.Required.Count == 0) continue;
                    var here = Condition.Of(stageKey, "eq", option.Key);
                    var missing = new AndFilter([here, new OrFilter(entry.Required.Select(f => (Filter)Condition.Of(f, "isEmpty")).ToList())]);
                    var complete = new AndFilter([here, new NotFilter(missing.Items[1])]);
                    checks.Add(new Check("stageRequirements", option.Key, option.Label?.Resolve(culture) ?? option.Key, Count(run.Condition(complete, args, "stageField")),
                        Count(run.Condition(here, args, "stageField")), missing));
                }
            }
        }
        if (report.FollowUp is { } followUp && FollowedUp(run, followUp, args) is { } followed)
        {
            // Records whose window is not over yet may still be followed up in time: they are not judged.
            var due = $"t.{run.Dialect.Quote(Storage.Forms.SystemColumns.ByProperty[SystemFields.CreatedAt].Name)} <= {args.Add(run.Dialect.ToDb(ColumnType.DateTime, run.Now.AddHours(-followUp.WithinHours)))}";
            checks.Add(new Check("followUp", followUp.Form, followUp.Form, Count($"{due} AND {followed}"), Count(due), null));
        }
        if (run.Errors.Count > 0) return new ReportResult("dataQuality", [], [], null, null);

        var where = run.Where(basis.Filter, args, basis.Current);
        var sql = $"SELECT {string.Join(", ", checks.SelectMany(c => new[] { c.Good, c.Total }).Select((e, i) => $"{e} AS m{i}"))} FROM {run.Table} t WHERE {where}";
        var row = checks.Count == 0 ? [] : (await run.QueryAsync(sql, args, ct)).FirstOrDefault() ?? new object?[checks.Count * 2];
        var drill = basis.Drill(run);
        var rows = checks.Select((check, i) =>
        {
            var (good, total) = (ReportRun.Count(row.ElementAtOrDefault(2 * i)), ReportRun.Count(row.ElementAtOrDefault(2 * i + 1)));
            var values = new Dictionary<string, object?>
            {
                ["check"] = check.Kind, ["subject"] = check.Subject, ["good"] = good, ["total"] = total,
                ["share"] = total == 0 ? null : Math.Round((decimal)good / total, 6),
            };
            return new ReportRow(values, check.Failing is null ? null : ReportBasis.And(drill, check.Failing))
            {
                Labels = new Dictionary<string, string> { ["subject"] = check.Label },
            };
        }).ToList();
        var columns = new List<ReportColumn>
        {
            new("check", Messages.Format("report.check", culture.Name), "dimension", "text"),
            new("subject", Messages.Format("report.subject", culture.Name), "dimension", "text"),
            new("good", Messages.Format("report.good", culture.Name), "measure", "integer"),
            new("total", Messages.Format("report.total", culture.Name), "measure", "integer"),
            new("share", Messages.Format("report.share", culture.Name), "measure", "ratio"),
        };
        return new ReportResult("dataQuality", columns, rows, null, drill) { Period = basis.Span };
    }

    private static string Count(string condition) => $"COUNT(CASE WHEN {condition} THEN 1 END)";

    /// <summary>
    /// The condition that a related record (of the follow-up form, pointing at the record, within the caller's scope there)
    /// was created within the window of the record's creation.
    /// </summary>
    private static string? FollowedUp(ReportRun run, FollowUpRule rule, SqlArgs args)
    {
        if (run.Related(rule.Form) is not { } form)
        {
            run.Errors.Add(new("followUp.form", "report.unknownForm", rule.Form));
            return null;
        }
        var relation = form.Field(rule.Relation);
        if (relation is null || relation.Traits.RelatedForm != run.Model.Key || relation.Stored.Kind != StorageKind.Column)
        {
            run.Errors.Add(new("followUp.relation", "report.notRelation", rule.Relation, rule.Form, run.Model.Key));
            return null;
        }
        if (rule.WithinHours is < 1 or > 24 * 366) run.Errors.Add(new("followUp.withinHours", "field.setting", "withinHours", "1–8784"));
        var dialect = run.Dialect;
        var problems = new List<ValidationError>();
        var builder = run.BuilderFor(form);
        builder.Readable(rule.Relation);
        // The follow-ups as the caller sees them, in a derived table of their own (its rows are its t), matched to each record (the outer t).
        var theirs = builder.Where(null, args, problems);
        var created = dialect.Quote(Storage.Forms.SystemColumns.ByProperty[SystemFields.CreatedAt].Name);
        var followUps = $"SELECT t.{dialect.Quote(relation.Stored.Column!)} AS rid, t.{created} AS at FROM {dialect.Quote(form.Table)} t WHERE {theirs}";
        return $"EXISTS (SELECT 1 FROM ({followUps}) f WHERE f.rid = t.id AND {dialect.SecondsBetween("t." + created, "f.at")} <= {args.Add(rule.WithinHours * 3600)})";
    }
}
