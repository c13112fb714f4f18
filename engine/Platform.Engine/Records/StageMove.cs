namespace Platform.Engine.Records;

/// <summary>One move of a record's stage: which stage field, from where to where, at which version of the record, by whom, when.</summary>
public sealed record StageMove(long Id, string Field, string? From, string? To, long Version, long? UserId, Actor Actor, DateTime At);
