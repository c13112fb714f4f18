using System.Diagnostics;
using Jint;

namespace Platform.Engine.Scripting;

/// <summary>
/// The time budget of one evaluation: the per-call timeout, cut short by the deadline of the
/// operation the call belongs to (Jint resets its own limits at every call). Statements are counted
/// by Jint's own constraint; this one only reads the clock, so Jint may check it every few statements.
/// </summary>
internal sealed class ScriptBudget(ScriptLimits limits) : Constraint
{
    private long _deadline = long.MaxValue;

    public bool Enabled { get; set; }

    /// <summary>The deadline of the operation the current call belongs to; no call runs past it.</summary>
    public long OperationDeadline { get; set; } = long.MaxValue;

    public override bool IsAmortizable => true;

    public override void Check()
    {
        if (Enabled && Stopwatch.GetTimestamp() > _deadline) throw new TimeoutException();
    }

    public override void Reset() =>
        _deadline = Math.Min(Stopwatch.GetTimestamp() + (long)(limits.Timeout.TotalSeconds * Stopwatch.Frequency), OperationDeadline);
}
