using System.Text.Json;
using System.Text.Json.Serialization;
using Platform.Engine.Forms;

namespace Platform.Engine.Reports.Definitions;

/// <summary>
/// What a report counts per group: <c>count</c> (records), <c>sum</c>, <c>avg</c>, <c>min</c>, <c>max</c> or <c>distinct</c>
/// (different values) of a field, over the records matching <see cref="Where"/> only when given; with <see cref="Via"/>, of
/// the records of another form that point at each counted record (won opportunity amount per customer owner).
/// </summary>
public sealed record Measure
{
    public string Aggregate { get; init; } = "count";

    public string? Field { get; init; }

    /// <summary>The column's key in the result; by default the aggregate and field (<c>sum_amount</c>).</summary>
    public string? Key { get; init; }

    public LocalizedText? Label { get; init; }

    public JsonElement? Where { get; init; }

    public RelatedSource? Via { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }

    public string ResultKey => Key ?? (Field is null ? Aggregate : $"{Aggregate}_{Field}");
}

/// <summary>The records of <see cref="Form"/> whose relation field <see cref="Relation"/> points at the counted record, matching <see cref="Where"/>.</summary>
public sealed record RelatedSource
{
    public string Form { get; init; } = "";

    public string Relation { get; init; } = "";

    public JsonElement? Where { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>
/// What records are grouped by: a field (a select, tags, a user, a department, a yes/no, a relation…), or a date field
/// bucketed by <c>day</c>, <c>week</c>, <c>month</c>, <c>quarter</c> or <c>year</c> in the viewer's time zone.
/// </summary>
public sealed record Dimension
{
    public string Field { get; init; } = "";

    public string? Bucket { get; init; }

    public LocalizedText? Label { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>
/// A span of time on a date field: a relative range (<c>thisMonth</c>, <c>lastNDays</c> with <see cref="Days"/>…, worked out
/// in the viewer's time zone when the report runs) or fixed days (<see cref="From"/> inclusive, <see cref="To"/> exclusive).
/// </summary>
public sealed record ReportPeriod
{
    public string Field { get; init; } = "";

    public string? Range { get; init; }

    public int? Days { get; init; }

    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}
