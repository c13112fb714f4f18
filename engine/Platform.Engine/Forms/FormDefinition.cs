using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Platform.Engine.Forms.Fields;

namespace Platform.Engine.Forms;

/// <summary>The JSON document a user designs: fields with stable keys, layout and rules.</summary>
public sealed record FormDefinition
{
    public required string Key { get; init; }

    public LocalizedText? Name { get; init; }

    public ImmutableList<FieldDefinition> Fields { get; init; } = [];

    public FormLayout? Layout { get; init; }

    public ImmutableList<FormRule> Rules { get; init; } = [];

    /// <summary>Indexes over several fields, for the filters and sorts a form's users make most (a stage with an amount).</summary>
    public ImmutableList<FormIndex> Indexes { get; init; } = [];

    /// <summary>Tags the form sets by itself: each rule keeps its tag on a record exactly while its condition holds.</summary>
    public ImmutableList<TagRule> TagRules { get; init; } = [];

    /// <summary>The churn warning of the form's records: a score from weighted factors, graded in levels that warn people.</summary>
    public ChurnRules? Churn { get; init; }

    /// <summary>The rules of the form's public pool (公海): records without an owner, which people claim and give back.</summary>
    public PoolRules? Pool { get; init; }

    /// <summary>Properties a newer version wrote; kept so a round trip loses nothing.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }

    public FieldDefinition? FindField(string key) => Fields.FirstOrDefault(f => f.Key == key);
}

/// <summary>
/// How people take records from the public pool: at most <see cref="ClaimsPerDay"/> claims a day each, at most
/// <see cref="MaxHeld"/> records held at once, and none claimed back within <see cref="ProtectDays"/> days of giving it
/// back (or having it taken back), so the pool is shared rather than hoarded.
/// </summary>
public sealed record PoolRules
{
    public int? ClaimsPerDay { get; init; }

    public int? MaxHeld { get; init; }

    public int? ProtectDays { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>A cross-field rule: a boolean expression that must hold, and the message when it does not.</summary>
public sealed record FormRule
{
    public required string Expression { get; init; }

    public LocalizedText? Message { get; init; }

    /// <summary>The fields the message is shown on; none means the form as a whole.</summary>
    public ImmutableList<string> Fields { get; init; } = [];

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>
/// An index over fields in order, e.g. <c>{ "fields": ["stage", "amount"] }</c>: serves a filter on the first
/// fields with a sort on the next (<c>stage = 'won' AND amount > 50000 ORDER BY amount DESC</c>) and their counts.
/// </summary>
public sealed record FormIndex
{
    public const int MaxFields = 4;
    public const int MaxPerForm = 10;

    public ImmutableList<string> Fields { get; init; } = [];

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>Sections → rows → columns of field keys. Pure presentation: storage never reads it.</summary>
public sealed record FormLayout
{
    /// <summary>The parts a row is divided into; a field takes some of them.</summary>
    public const int Parts = 24;

    public ImmutableList<LayoutSection> Sections { get; init; } = [];

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record LayoutSection
{
    public LocalizedText? Title { get; init; }

    public ImmutableList<LayoutRow> Rows { get; init; } = [];

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record LayoutRow
{
    public const int MaxColumns = 4;

    public ImmutableList<LayoutColumn> Columns { get; init; } = [];

    /// <summary>Long text, subforms and files: a field a form lays across a whole row unless its layout says otherwise.</summary>
    public static bool TakesWholeRow(Fields.FieldDefinition field) => field is Fields.TextareaField or Fields.SubformField or Fields.AttachmentField;
}

public sealed record LayoutColumn
{
    public required string Field { get; init; }

    /// <summary>Share of the row, 1–24 as in most grid systems.</summary>
    public int Width { get; init; } = FormLayout.Parts;
}

/// <summary>
/// A dynamic tag: <see cref="Tag"/> (an option of the multi-select <see cref="Field"/>) is on a record exactly while
/// <see cref="When"/> (a formula over the record) holds, set on every write and on the daily look again, each change kept
/// with the rule's <see cref="Key"/>. A tag a rule owns is the rule's: people do not set it by hand.
/// </summary>
public sealed record TagRule
{
    public required string Key { get; init; }

    public LocalizedText? Name { get; init; }

    public required string Field { get; init; }

    public required string Tag { get; init; }

    public required string When { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>
/// A churn warning: each record's score is the sum of its <see cref="Factors"/> (each a formula giving 0 to 1, times
/// its weight), kept in <see cref="ScoreField"/> (a number field); its level, in <see cref="LevelField"/> (a select field),
/// is the highest of <see cref="Levels"/> whose threshold the score reaches. Computed on every write and daily.
/// Reaching a level tells its audience, unless the owner answered a warning less than <see cref="SnoozeDays"/> ago.
/// </summary>
public sealed record ChurnRules
{
    public required string ScoreField { get; init; }

    public required string LevelField { get; init; }

    public ImmutableList<ChurnFactor> Factors { get; init; } = [];

    /// <summary>Lowest first.</summary>
    public ImmutableList<ChurnLevel> Levels { get; init; } = [];

    public int SnoozeDays { get; init; } = 14;

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>One reason a customer may leave: <see cref="Value"/>, a formula giving 0 (no sign) to 1 (a strong one), weighed by <see cref="Weight"/>.</summary>
public sealed record ChurnFactor
{
    public required string Key { get; init; }

    public LocalizedText? Name { get; init; }

    public required string Value { get; init; }

    public decimal Weight { get; init; }
}

/// <summary>
/// A grade of warning: <see cref="Level"/> (an option of the level field) from score <see cref="From"/> on, told to
/// <see cref="Notify"/>: <c>owner</c>, <c>manager</c> (the owner's manager) or a user field of the form.
/// </summary>
public sealed record ChurnLevel
{
    public required string Level { get; init; }

    public decimal From { get; init; }

    public ImmutableList<string> Notify { get; init; } = [];
}
