namespace Platform.Engine.Records;

/// <summary>One change of a record: created, updated (with the fields that changed), deleted or restored.</summary>
public sealed record HistoryEntry(long Id, string Kind, long Version, long? UserId, DateTime At, IReadOnlyList<FieldChange> Changes);
