using System.Diagnostics;
using Jint;
using Jint.Runtime;

namespace Platform.Engine.Scripting;

/// <summary>
/// The time and statement budget of one evaluation, reset by Jint at every call. Switched off while
/// the engine loads and freezes its own prelude, which is trusted and costs far more than a formula.
/// </summary>
internal sealed class ScriptBudget(ScriptLimits limits) : Constraint
{
    private long _deadline;
    private int _statements;

    public bool Enabled { get; set; }

    /// <summary>The deadline of the operation the current call belongs to; no call runs past it.</summary>
    public long OperationDeadline { get; set; } = long.MaxValue;

    public override void Check()
    {
        if (!Enabled) return;
        if (++_statements > limits.MaxStatements) throw new StatementsCountOverflowException();
        // Reading the clock every statement costs ~20 ns; a formula runs tens of statements.
        if (Stopwatch.GetTimestamp() > _deadline) throw new TimeoutException();
    }

    public override void Reset()
    {
        _statements = 0;
        _deadline = Math.Min(Stopwatch.GetTimestamp() + (long)(limits.Timeout.TotalSeconds * Stopwatch.Frequency), OperationDeadline);
    }
}
