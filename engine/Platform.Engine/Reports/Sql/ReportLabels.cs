using System.Globalization;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Reports.Sql;

/// <summary>
/// The labels of groups in the viewer's language: an option's label, a person's or department's name (read once for all
/// the groups of a result), a bucket's name, yes / no, and "(empty)" for records with no value.
/// </summary>
internal sealed class ReportLabels(IReadOnlyDictionary<long, string> users, IReadOnlyDictionary<long, string> departments, CultureInfo culture)
{
    public static async Task<ReportLabels> LoadAsync(PlatformDatabase database, IEnumerable<(GroupDimension Dimension, object? Value)> groups, CultureInfo culture,
        CancellationToken ct)
    {
        var wanted = groups.Where(g => g.Value is long).ToLookup(g => g.Dimension.References, g => (long)g.Value!);
        var users = await Users.DirectoryNames.UsersAsync(database, wanted[ReferenceKind.Users], ct);
        var departments = await Users.DirectoryNames.DepartmentsAsync(database, wanted[ReferenceKind.Departments], ct);
        return new ReportLabels(users, departments, culture);
    }

    public string Empty => Messages.Format("report.empty", culture.Name);

    public string Label(GroupDimension dimension, object? value)
    {
        if (value is null) return Empty;
        if (dimension is BucketDimension bucket) return bucket.Buckets.Label((DateOnly)value);
        if (dimension.Target.Codec is Values.BooleanCodec) return Messages.Format(value is true ? "report.yes" : "report.no", culture.Name);
        return dimension.References switch
        {
            ReferenceKind.Users when value is long id => users.GetValueOrDefault(id) ?? "#" + id,
            ReferenceKind.Departments when value is long id => departments.GetValueOrDefault(id) ?? "#" + id,
            _ => Option(dimension, value) ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };
    }

    private string? Option(GroupDimension dimension, object value) => value is string key
        ? dimension.Options?.FirstOrDefault(o => o.Key == key) is { } option ? option.Label?.Resolve(culture) ?? option.Key : null
        : null;
}
