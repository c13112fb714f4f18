namespace Platform.Runtime.Hosting;

/// <summary>
/// The system clock moved by a fixed offset (<c>Platform:ClockOffset</c>): tests that run the real process start it
/// "later" to see what falls due while it was down, without waiting for it.
/// </summary>
internal sealed class OffsetClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
