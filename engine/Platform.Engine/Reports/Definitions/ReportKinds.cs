using System.Text.Json;

namespace Platform.Engine.Reports.Definitions;

/// <summary>
/// The sales funnel over a stage field: per stage (in <see cref="Stages"/>' order, all the field's stages when empty) the
/// records there and how many got that far. <c>snapshot</c> counts records as they stand; <c>cohort</c> counts the records
/// that entered each stage within the period, from the stage history.
/// </summary>
public sealed record FunnelReport : ReportDefinition
{
    public string StageField { get; init; } = "";

    public IReadOnlyList<string> Stages { get; init; } = [];

    public string Mode { get; init; } = "snapshot";

    /// <summary>A sum beside the count (the amount in each stage).</summary>
    public Measure? Measure { get; init; }

    /// <summary>Adds the median time records spent in each stage (from the stage history).</summary>
    public bool TimeInStage { get; init; }

    public override IEnumerable<string> RelatedForms() => RelatedOf(Measure);
}

/// <summary>The top <see cref="Top"/> groups (salespeople, departments, sources) by a measure, ties ranked equally, with the change against the period before.</summary>
public sealed record RankingReport : ReportDefinition
{
    public Dimension GroupBy { get; init; } = new();

    public Measure Measure { get; init; } = new();

    public int Top { get; init; } = 10;

    public override IEnumerable<string> RelatedForms() => RelatedOf(Measure);
}

/// <summary>One or two dimensions and one or more measures, drawn as <c>pie</c>, <c>bar</c>, <c>line</c>, <c>stackedBar</c> or <c>area</c>.</summary>
public sealed record ChartReport : ReportDefinition
{
    public string Chart { get; init; } = "bar";

    public IReadOnlyList<Dimension> Dimensions { get; init; } = [];

    public IReadOnlyList<Measure> Measures { get; init; } = [];

    public override IEnumerable<string> RelatedForms() => RelatedOf([.. Measures]);
}

/// <summary>Rows × columns × one measure, with the totals of each row, each column and all.</summary>
public sealed record PivotReport : ReportDefinition
{
    public Dimension Rows { get; init; } = new();

    public Dimension Columns { get; init; } = new();

    public Measure Measure { get; init; } = new();

    public override IEnumerable<string> RelatedForms() => RelatedOf(Measure);
}

/// <summary>
/// One number: a measure, or a ratio of two (<see cref="Of"/> the denominator: win rate is won deals of closed deals), with
/// the same number for the period before when the report has a period.
/// </summary>
public sealed record KpiReport : ReportDefinition
{
    public Measure Measure { get; init; } = new();

    public Measure? Of { get; init; }

    public override IEnumerable<string> RelatedForms() => RelatedOf(Measure, Of);
}

/// <summary>
/// Is the data alive: how complete each of <see cref="Fields"/> is, how many records lack what their stage requires, and
/// the share of records followed up within a window (<see cref="FollowUp"/>).
/// </summary>
public sealed record DataQualityReport : ReportDefinition
{
    public IReadOnlyList<string> Fields { get; init; } = [];

    /// <summary>A stage field whose entry requirements are checked against each record's current stage.</summary>
    public string? StageField { get; init; }

    public FollowUpRule? FollowUp { get; init; }

    public override IEnumerable<string> RelatedForms() => FollowUp is { } rule ? [rule.Form] : [];
}

/// <summary>
/// A record counts as followed up when a record of <see cref="Form"/> points at it through <see cref="Relation"/> within
/// <see cref="WithinHours"/> of the counted record's creation.
/// </summary>
public sealed record FollowUpRule
{
    public string Form { get; init; } = "";

    public string Relation { get; init; } = "";

    public int WithinHours { get; init; } = 48;

    [System.Text.Json.Serialization.JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}
