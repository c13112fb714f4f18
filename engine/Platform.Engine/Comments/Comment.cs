namespace Platform.Engine.Comments;

/// <summary>A comment on a record: who wrote it, what, whom it mentions, when.</summary>
public sealed record Comment(long Id, long? UserId, string Body, IReadOnlyList<long> Mentions, DateTime CreatedAt);
