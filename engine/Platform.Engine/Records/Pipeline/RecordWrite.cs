using System.Text.Json;

namespace Platform.Engine.Records.Pipeline;

/// <summary>One record's part of a write, filled in step by step.</summary>
public sealed class RecordWrite
{
    /// <summary>Where this record's errors are reported: <c>""</c> for a single record, <c>"[3]."</c> in a batch.</summary>
    public required string Prefix { get; init; }

    /// <summary>The JSON sent, for creates and updates.</summary>
    public JsonElement? Payload { get; init; }

    /// <summary>The record's id, for everything but creates.</summary>
    public long? Id { get; init; }

    /// <summary>The version the caller edited; null where none is asked for (restore).</summary>
    public long? ExpectedVersion { get; set; }

    /// <summary>Why the owner changes, when the writer says (a record given back to the public pool).</summary>
    /// <summary>A claim from the public pool for the caller's user, counted as theirs by the pool's rules even when a workflow makes it.</summary>
    public bool Claims { get; init; }

    public string? Reason { get; init; }

    /// <summary>The record as stored before this write; null for creates.</summary>
    public RecordData? Current { get; set; }

    /// <summary>The values the payload set, by field key.</summary>
    public Dictionary<string, object?> Sent { get; } = new(StringComparer.Ordinal);

    /// <summary>The record's values after this write: the current values with the sent ones applied, then computed ones.</summary>
    public Dictionary<string, object?> Values { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The owner the payload asked for, if any.</summary>
    public long? SentOwner { get; set; }

    /// <summary>The read-only system fields the payload sent, to be refused if they differ from the record's.</summary>
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement>? SentSystem { get; set; }

    /// <summary>Whether the payload sent <c>owner</c>: sent as null, it leaves the record without an owner (the public pool).</summary>
    public bool OwnerSent { get; set; }

    /// <summary>The owner after this write: the one sent, else <paramref name="kept"/>.</summary>
    public long? OwnerAfter(long? kept) => OwnerSent ? SentOwner : kept;

    /// <summary>The record as written; null until the write step has run (or when nothing changed).</summary>
    public RecordData? Result { get; set; }

    /// <summary>True when the write would change nothing: the record is not written and keeps its version.</summary>
    public bool Unchanged { get; set; }

    /// <summary>The fields of related records the formulas read, once loaded.</summary>
    public IReadOnlyDictionary<Formulas.FormulaInput, object?>? Lookups { get; set; }

    /// <summary>What changed, field by field, as history and events show it.</summary>
    public List<FieldChange> Changes { get; } = [];

    /// <summary>A stored record whose formulas are to be computed again.</summary>
    public static RecordWrite Recompute(RecordData record) => new()
    {
        Prefix = "", Id = record.Id, ExpectedVersion = record.Version, Current = record,
        Values = new Dictionary<string, object?>(record.Values, StringComparer.Ordinal),
    };

    /// <summary>Things the caller should know that did not stop the write (a formula that timed out and was stored blank).</summary>
    public List<WriteWarning> Warnings { get; } = [];
}

/// <summary>Something that did not stop a write but is worth telling: the field, a code and its arguments.</summary>
public sealed record WriteWarning(string Field, string Code, params object?[] Args);
