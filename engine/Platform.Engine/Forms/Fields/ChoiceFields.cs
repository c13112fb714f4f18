using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Engine.Forms.Fields;

/// <summary>An option of a select; records store its <see cref="Key"/>, so labels can be renamed.</summary>
public sealed record SelectOption
{
    public required string Key { get; init; }

    public LocalizedText? Label { get; init; }

    public string? Color { get; init; }

    public int? Order { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record SelectField : FieldDefinition
{
    public ImmutableList<SelectOption> Options { get; init; } = [];

    /// <summary>Set when this field is the record's stage: the moves allowed and what each stage needs.</summary>
    public StageRules? Stages { get; init; }

    public override TResult Accept<TResult>(IFieldVisitor<TResult> visitor) => visitor.Visit(this);
}

/// <summary>Tags: any number of option keys.</summary>
public sealed record MultiSelectField : FieldDefinition
{
    public ImmutableList<SelectOption> Options { get; init; } = [];

    public override TResult Accept<TResult>(IFieldVisitor<TResult> visitor) => visitor.Visit(this);
}
