namespace Platform.Engine.Records;

/// <summary>
/// Who made a change: a person, a workflow run, an import job, a recompute or the system itself.
/// <see cref="UserId"/> is the person on whose behalf it happened (the importer, the workflow's
/// trigger), so "updated by" keeps its meaning; <see cref="Kind"/> and <see cref="Ref"/> let a
/// workflow tell its own writes from a person's. Kinds are pinned names, stored in history and events.
/// </summary>
public sealed record Actor(string Kind, long? UserId = null, string? Ref = null)
{
    public const string UserKind = "user";
    public const string WorkflowKind = "workflow";
    public const string ImportKind = "import";
    public const string RecomputeKind = "recompute";
    public const string SystemKind = "system";

    /// <summary>
    /// Whether this actor's changes start workflows. An import asks for them only when told (a bulk load of old customers
    /// must not send a welcome to each); its events are still written, for feeds and caches, but as already dispatched.
    /// </summary>
    public bool StartsWorkflows { get; init; } = true;

    /// <summary>
    /// A restore of records exported with a package: their stages are where they were, not moves people make, so the stage
    /// gates (allowed moves, entry criteria) do not apply to its writes. Every other rule does.
    /// </summary>
    public bool Restores { get; init; }

    public static Actor User(long userId) => new(UserKind, userId);

    public static Actor Workflow(string runId, long? onBehalfOf = null) => new(WorkflowKind, onBehalfOf, runId);

    public static Actor Import(string jobId, long? importedBy) => new(ImportKind, importedBy, jobId);

    public static readonly Actor System = new(SystemKind);
}
