namespace Platform.Engine.Workflows.Runs;

/// <summary>How runs are dispatched, taken and tried again.</summary>
public sealed record WorkflowOptions
{
    /// <summary>Outbox events read per dispatch.</summary>
    public int DispatchBatch { get; init; } = 500;

    /// <summary>Runs one runner works on at once.</summary>
    public int Parallelism { get; init; } = 4;

    /// <summary>
    /// How long a runner holds a run past its last step (each step renews it); one left longer (its node died) is taken again
    /// by any node. Longer than a step can take: calls to the outside give up after 10 seconds.
    /// </summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Attempts of a step before its run fails.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The wait before the n-th retry: this, times n squared.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many runs may start each other in a row (a run's write starting the next) before the chain is stopped.</summary>
    public int MaxChain { get; init; } = 5;

    /// <summary>The zone a workflow's formulas mean "today" in.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;
}
