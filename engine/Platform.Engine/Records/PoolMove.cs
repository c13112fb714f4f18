namespace Platform.Engine.Records;

/// <summary>One step of a record through the public pool: <c>claimed</c>, <c>assigned</c>, <c>returned</c> (by its owner, with why) or <c>taken</c> (back, by someone else).</summary>
public sealed record PoolMove(long Id, string Action, long? OwnerBefore, long? OwnerAfter, string? Reason, long? UserId, Actor Actor, DateTime At);
