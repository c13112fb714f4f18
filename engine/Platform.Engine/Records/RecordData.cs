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

    public RecordData()
        : this(0)
    {
    }

    /// <param name="fields">How many values it will hold (the dictionary is not grown value by value).</param>
    public RecordData(int fields) => Values = new(fields, StringComparer.Ordinal);

    public Dictionary<string, object?> Values { get; }

    /// <summary>The record's next version: the same id and creation, stamped with who changed it and when, holding <paramref name="values"/>.</summary>
    public RecordData NextVersion(DateTime at, long? by, long? owner, IReadOnlyDictionary<string, object?> values)
    {
        var next = new RecordData
        {
            Id = Id, Version = Version + 1, CreatedAt = CreatedAt, CreatedBy = CreatedBy, UpdatedAt = at, UpdatedBy = by, Owner = owner,
        };
        foreach (var (key, value) in values) next.Values[key] = value;
        return next;
    }

    /// <summary>A system field's value (see <see cref="Forms.SystemFields"/>) or a field's, by name.</summary>
    public object? Get(string name) => name switch
    {
        Forms.SystemFields.Id => Id,
        Forms.SystemFields.Version => Version,
        Forms.SystemFields.CreatedAt => CreatedAt,
        Forms.SystemFields.CreatedBy => CreatedBy,
        Forms.SystemFields.UpdatedAt => UpdatedAt,
        Forms.SystemFields.UpdatedBy => UpdatedBy,
        Forms.SystemFields.Owner => Owner,
        Forms.SystemFields.DeletedAt => DeletedAt,
        Forms.SystemFields.DeletedBy => DeletedBy,
        _ => Values.GetValueOrDefault(name),
    };

    /// <summary>What the write that returned this record warned of (never stored with the record; history keeps it).</summary>
    public IReadOnlyList<Pipeline.WriteWarning> Warnings { get; set; } = [];
}
