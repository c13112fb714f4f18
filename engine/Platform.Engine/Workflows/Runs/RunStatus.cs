namespace Platform.Engine.Workflows.Runs;

/// <summary>Where a run stands; pinned names, stored and shown.</summary>
public static class RunStatus
{
    /// <summary>Waiting for its due time (a new run, or one to try again).</summary>
    public const string Ready = "ready";

    /// <summary>Put aside by a delay until its due time.</summary>
    public const string Waiting = "waiting";

    /// <summary>Waiting on people (an approval) with no due time: taken again when they decide.</summary>
    public const string Awaiting = "awaiting";

    /// <summary>Taken by a runner, which holds it until its lease ends.</summary>
    public const string Running = "running";

    public const string Completed = "completed";

    /// <summary>Its trigger's condition did not hold: it did nothing.</summary>
    public const string Skipped = "skipped";

    /// <summary>A step failed every attempt (or cannot be tried again); retryable.</summary>
    public const string Failed = "failed";

    public const string Cancelled = "cancelled";

    public static bool Ended(string status) => status is Completed or Skipped or Failed or Cancelled;
}
