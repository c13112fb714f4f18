using System.Globalization;
using Platform.Engine.Validation;

namespace Platform.Engine.Reports.Sql;

/// <summary>The heading and value type of a result's columns, in the viewer's language.</summary>
internal static class ReportColumns
{
    public static string Label(ReportRun run, GroupDimension dimension) =>
        FieldLabel(run, dimension.Key) + (dimension is BucketDimension bucket ? $" ({Messages.Format("report.bucket." + bucket.Buckets.Unit, run.Caller.Culture)})" : "");

    public static string Label(ReportRun run, ReportMeasure measure)
    {
        var culture = CultureInfo.GetCultureInfo(run.Caller.Culture);
        if (measure.Definition.Label is { } label) return label.Resolve(culture);
        var field = measure.Definition.Field is { } key ? measure.Definition.Via is { } via && run.Related(via.Form) is { } related
            ? related.Field(key)?.Definition.Label?.Resolve(culture) ?? key
            : FieldLabel(run, key) : null;
        return Messages.Format("report.aggregate." + measure.Definition.Aggregate, run.Caller.Culture, field ?? "");
    }

    public static string FieldLabel(ReportRun run, string key) =>
        run.Model.Field(key)?.Definition.Label?.Resolve(CultureInfo.GetCultureInfo(run.Caller.Culture)) ?? key;

    public static string Type(GroupDimension dimension) => dimension switch
    {
        BucketDimension bucket => bucket.Buckets.Unit,
        _ when dimension.Target.IsUser => "user",
        _ when dimension.Target.IsDepartment => "department",
        _ => dimension.Target.Spec!.Type.ToString().ToLowerInvariant(),
    };

    /// <summary>A measure's column: its heading, type, own condition and, for a related form's figures, that form.</summary>
    public static ReportColumn Of(ReportRun run, ReportMeasure measure) =>
        new(measure.Key, Label(run, measure), "measure", Type(measure)) { Where = measure.WhereFilter, Form = measure.RelatedForm };

    public static string Type(ReportMeasure measure) => measure.Definition.Aggregate is "count" or "distinct" ? "integer" : "decimal";
}
