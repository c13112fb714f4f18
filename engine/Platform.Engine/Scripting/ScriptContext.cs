using System.Diagnostics;

namespace Platform.Engine.Scripting;

/// <summary>What an evaluation may know of the world: the time (from the injected clock), the zone of "today", the user.</summary>
public sealed record ScriptContext(DateTimeOffset Now, TimeZoneInfo TimeZone, long? UserId)
{
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Now, TimeZone).DateTime);

    /// <summary>
    /// When the whole operation (a batch write, a recomputation) must stop, as a <see cref="Stopwatch"/>
    /// timestamp. Jint resets its limits at every call, so without this a thousand formulas could each
    /// take the full per-call time.
    /// </summary>
    public long Deadline { get; init; } = long.MaxValue;

    /// <summary>This context with a deadline <paramref name="budget"/> from now.</summary>
    public ScriptContext WithBudget(TimeSpan budget) =>
        this with { Deadline = Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency) };
}
