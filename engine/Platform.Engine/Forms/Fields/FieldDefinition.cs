using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Engine.Forms.Fields;

/// <summary>
/// A field of a form. Its <see cref="Key"/> is stable for the life of the form: storage, formulas
/// and integrations refer to it, so a label can change freely and a key never does.
/// Each concrete type is one immutable record; operations over types are visitors.
/// </summary>
public abstract record FieldDefinition
{
    public required string Key { get; init; }

    public LocalizedText? Label { get; init; }

    public bool Required { get; init; }

    public JsonElement? DefaultValue { get; init; }

    /// <summary>
    /// A new record's value when none is given, as a formula over what it was given (<c>TODAY()</c>, <c>ME()</c>,
    /// <c>amount * 0.1</c>): the computed kin of <see cref="DefaultValue"/>, which is a constant. A field has one or the other.
    /// </summary>
    public string? DefaultFormula { get; init; }

    public LocalizedText? HelpText { get; init; }

    /// <summary>The hint an empty input shows (<c>e.g. 138 0013 8000</c>).</summary>
    public LocalizedText? Placeholder { get; init; }

    /// <summary>
    /// When the field is shown: a true/false formula over the record (<c>stage = 'lost'</c>); none, always. A field its
    /// condition hides is not required and keeps its value; the record form shows and hides it as the values it reads change.
    /// </summary>
    public string? VisibleWhen { get; init; }

    public bool Unique { get; init; }

    /// <summary>
    /// Duplicate check (查重) of a text, phone or email field: values compared as <c>Values.DuplicateKey</c> reduces them
    /// (case, full-width forms, spaces, punctuation, company suffixes), on create, update and import. <c>refuse</c>: a second
    /// record with the same one is refused, even when both are saved in the same instant; <c>warn</c>: it is saved with a warning.
    /// A hit names the record that has it and its owner, no more than the caller may see.
    /// </summary>
    public string? Duplicates { get; init; }

    /// <summary>Settings a newer version wrote; kept so a round trip loses nothing.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }

    /// <summary>The pinned name written as <c>"type"</c>; never a CLR name.</summary>
    [JsonIgnore]
    public string TypeName => FieldTypeRegistry.NameOf(this);

    public abstract TResult Accept<TResult>(IFieldVisitor<TResult> visitor);
}

/// <summary>What a duplicate check does on a hit: warns (the record is saved, with a warning) or refuses it.</summary>
public static class DuplicateModes
{
    public const string Warn = "warn";
    public const string Refuse = "refuse";
}
