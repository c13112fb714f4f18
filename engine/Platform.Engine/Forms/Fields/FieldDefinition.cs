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

    public LocalizedText? HelpText { get; init; }

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
