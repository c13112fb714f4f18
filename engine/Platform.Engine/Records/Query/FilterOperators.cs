using Platform.Engine.Models;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Forms;
using Platform.Engine.Values;

namespace Platform.Engine.Records.Query;

/// <summary>
/// Which operators a condition on a field may use, in the order a filter builder offers them: the one rule the filter
/// compiler refuses by and every page asks (an option is compared by equality, a tag list is searched, a date has relative ranges).
/// </summary>
public static class FilterOperators
{
    private static readonly string[] Emptiness = ["isEmpty", "isNotEmpty"];
    private static readonly string[] Ordered = ["eq", "ne", "gt", "gte", "lt", "lte", "between", "in", .. Emptiness];

    /// <summary>The operators for field (or system property) <paramref name="key"/> of <paramref name="model"/>; none for a key it does not have.</summary>
    public static IReadOnlyList<string> For(FormModel model, string key) =>
        QueryTarget.For(model).TryGetValue(key, out var target) ? Of(target) : [];

    /// <summary>Whether <paramref name="op"/> takes no value (<c>isEmpty</c>, <c>thisWeek</c>…).</summary>
    public static bool TakesNoValue(string op) => op is "isEmpty" or "isNotEmpty" || (RelativeDates.Operators.Contains(op) && !RelativeDates.NeedsCount(op));

    /// <summary>Whether <paramref name="op"/> takes a count of days (<c>lastNDays</c>).</summary>
    public static bool TakesDays(string op) => RelativeDates.NeedsCount(op);

    internal static IReadOnlyList<string> Of(QueryTarget target) => target.Kind switch
    {
        StorageKind.Link => ["contains", "in", .. Emptiness],
        StorageKind.Column when target.IsColumn => Column(target),
        _ => Emptiness,
    };

    private static string[] Column(QueryTarget target) => target.Spec!.Type switch
    {
        _ when target.IsUser || target.IsDepartment => ["eq", "ne", "in", .. Emptiness],
        _ when target.Codec is OptionCodec => ["eq", "ne", "in", .. Emptiness, "entered"],
        ColumnType.Text => ["contains", "eq", "ne", "startsWith", "in", .. Emptiness],
        ColumnType.Boolean => ["eq", "ne", .. Emptiness],
        ColumnType.Date or ColumnType.DateTime => [.. Ordered, .. RelativeDates.InOrder],
        _ => Ordered,
    };
}
