namespace Platform.Engine.Records;

/// <summary>A record as the engine holds it: system fields and field values (CLR values, see FieldCodec).</summary>
public sealed class RecordData
{
    public long Id { get; set; }

    public long Version { get; set; }

    public DateTime CreatedAt { get; set; }

    public long? CreatedBy { get; set; }

    public DateTime UpdatedAt { get; set; }

    public long? UpdatedBy { get; set; }

    public long? Owner { get; set; }

    public DateTime? DeletedAt { get; set; }

    public long? DeletedBy { get; set; }

    public Dictionary<string, object?> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>What the write that returned this record warned of (never stored with the record; history keeps it).</summary>
    public IReadOnlyList<Pipeline.WriteWarning> Warnings { get; set; } = [];
}
