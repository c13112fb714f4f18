using Platform.Engine.Forms.Fields;
using Platform.Engine.Records.Query;
using Platform.Engine.Reports.Definitions;
using Platform.Engine.Storage.Forms;

namespace Platform.Engine.Reports.Sql;

/// <summary>Turns a dimension of a definition into its SQL form, by where and how the field keeps its values: in one place.</summary>
internal static class ReportDimensions
{
    /// <summary>Every dimension of a list, the problems of each at its place; the ones that failed are left out.</summary>
    public static async Task<List<GroupDimension>> CreateAllAsync(ReportRun run, IReadOnlyList<Dimension> definitions, string place, Kinds.ReportBasis basis,
        ReportPeriod? period, CancellationToken ct)
    {
        var dimensions = new List<GroupDimension>();
        for (var i = 0; i < definitions.Count; i++)
            if (await CreateAsync(run, definitions[i], $"{place}[{i}]", basis.Filter, period, basis.Days, ct) is { } dimension) dimensions.Add(dimension);
        return dimensions;
    }

    public static async Task<GroupDimension?> CreateAsync(ReportRun run, Dimension definition, string place, Filter? filter, ReportPeriod? period,
        (DateOnly From, DateOnly To)? days, CancellationToken ct)
    {
        var target = run.Field(definition.Field, place + ".field");
        if (target is null) return null;
        var options = run.Model.Field(target.Key)?.Definition switch
        {
            SelectField select => select.Options,
            MultiSelectField tags => tags.Options,
            _ => null,
        };
        if (run.IsDate(target))
        {
            if (definition.Bucket is not { } unit || !DateBuckets.Units.Contains(unit))
            {
                run.Errors.Add(new(place + ".bucket", "report.bucket", definition.Bucket ?? "", string.Join(", ", DateBuckets.Units)));
                return null;
            }
            // The buckets span the period when it is on this field, else the dates the records have.
            var span = period?.Field == target.Key ? days : await run.SpanAsync(target, filter, ct);
            var buckets = span is { } s ? DateBuckets.Cover(unit, s.From, s.To) : new DateBuckets(unit, [], default);
            if (buckets is null)
            {
                run.Errors.Add(new(place + ".bucket", "report.tooManyBuckets", DateBuckets.Max, unit));
                return null;
            }
            return new BucketDimension(definition.Field, target, buckets, run, withinPeriod: period?.Field == target.Key);
        }
        if (definition.Bucket is not null)
        {
            run.Errors.Add(new(place + ".bucket", "report.bucketNotDate", target.Key));
            return null;
        }
        if (target.IsColumn) return new ColumnDimension(definition.Field, target) { Options = options };
        if (target.Kind == StorageKind.Link) return new LinkDimension(definition.Field, target) { Options = options };
        run.Errors.Add(new(place + ".field", "report.notGroupable", target.Key));
        return null;
    }
}
