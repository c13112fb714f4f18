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
    public ImmutableList<LayoutColumn> Columns { get; init; } = [];
}

public sealed record LayoutColumn
{
    public required string Field { get; init; }

    /// <summary>Share of the row, 1–24 as in most grid systems.</summary>
    public int Width { get; init; } = 24;
}
