namespace Platform.Engine.Records.Pipeline;

/// <summary>What a write does to a record. Steps say which kinds they apply to.</summary>
[Flags]
public enum WriteKind
{
    Create = 1,
    Update = 2,
    Delete = 4,
    Restore = 8,

    /// <summary>Formulas recomputed after a definition or a related record changed.</summary>
    Recompute = 16,

    /// <summary>Creates and updates: the writes that carry values.</summary>
    Change = Create | Update,
    Any = Create | Update | Delete | Restore | Recompute,
}
