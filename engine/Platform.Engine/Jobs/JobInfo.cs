namespace Platform.Engine.Jobs;

/// <summary>
/// A job as people follow it: what it does (on which app and form), where it stands, how far it got of how much, what it
/// changed, and why it failed.
/// </summary>
public sealed record JobInfo(long Id, string Kind, string? AppKey, string? FormKey, string Status, long Done, long? Total, long? Changed, string? Error,
    DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt)
{
    /// <summary>Who started it.</summary>
    public long? UserId { get; init; }
}

/// <summary>Where a job stands; pinned names, stored and shown.</summary>
public static class JobStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
}

/// <summary>A job to run: its kind, what it works on, and for whom.</summary>
public sealed record NewJob(string Kind, string? AppKey, string? FormKey, string? Argument, long? UserId);

/// <summary>How a running job reports: how far it got (and of how much), and what it changed.</summary>
public delegate Task JobProgress(long done, long? total, long changed);

/// <summary>
/// One kind of background job: what running it does. Each kind is one class, found by its pinned <see cref="Kind"/>.
/// A job may be run again from the start (after a stop), so what it does must come out the same.
/// </summary>
public abstract class JobRunner
{
    public abstract string Kind { get; }

    /// <summary>Runs the job; returns how many things it changed.</summary>
    public abstract Task<long> RunAsync(NewJob job, JobProgress progress, CancellationToken ct);
}

/// <summary>
/// How long a job stays with the process running it without word from it: renewed by a heartbeat at a third of it, so a job
/// whose process died (<c>kill -9</c>, a lost machine) is taken up again by any process this long after.
/// </summary>
public sealed class JobOptions
{
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);
}
