using Platform.Engine.Records.Query;

namespace Platform.Engine.Records;

/// <summary>
/// Who is asking, and what they may see. Every read and write applies <see cref="RowScope"/>
/// inside its SQL, so a record outside it is never loaded; the permission layer supplies it.
/// </summary>
public sealed record RecordContext(long? UserId, bool IsAdmin = false)
{
    /// <summary>The zone in which "today" and "this week" are meant.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>A filter every record this caller touches must match; null for all records.</summary>
    public Filter? RowScope { get; init; }

    public static RecordContext ForUser(long userId) => new(userId);

    /// <summary>The engine itself (workflows, imports): no user, no scope.</summary>
    public static readonly RecordContext System = new(null, IsAdmin: true);
}
