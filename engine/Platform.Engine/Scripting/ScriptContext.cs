namespace Platform.Engine.Scripting;

/// <summary>What an evaluation may know of the world: the time (from the injected clock), the zone of "today", the user.</summary>
public sealed record ScriptContext(DateTimeOffset Now, TimeZoneInfo TimeZone, long? UserId)
{
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Now, TimeZone).DateTime);
}
