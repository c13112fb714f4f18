using Platform.Engine.Records.Pipeline;

namespace Platform.Engine.Records;

/// <summary>One change of a record: created, updated (with the fields that changed), deleted or restored; who acted, and what they were warned of.</summary>
public sealed record HistoryEntry(long Id, string Kind, long Version, long? UserId, DateTime At, IReadOnlyList<FieldChange> Changes)
{
    public Actor Actor { get; init; } = Actor.System;

    public IReadOnlyList<WriteWarning> Warnings { get; init; } = [];
}
