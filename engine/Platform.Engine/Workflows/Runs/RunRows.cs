using System.Data.Common;
using Dapper;
using Platform.Engine.Storage;

namespace Platform.Engine.Workflows.Runs;

/// <summary>A run to write: of which workflow version, on which record, started by which event (none when started by hand) for whom.</summary>
internal sealed record NewRun(ActiveWorkflow Workflow, long? RecordId, long? EventId, long? UserId, int Depth, DateTime At)
{
    /// <summary>What a webhook's call sent, as JSON.</summary>
    public string? Input { get; init; }

    /// <summary>The key a caller sent with it, by which a call sent again is known.</summary>
    public string? RequestKey { get; init; }
}

/// <summary>The SQL of runs and their step log, in one place for the dispatcher, the runner and the API.</summary>
internal sealed class RunRows(PlatformDatabase database)
{
    public const string Columns = "r.id, r.app_id, a.app_key, r.workflow_id, w.workflow_key, r.workflow_version, r.record_id, r.event_id, r.user_id, " +
                                  "r.status, r.step, r.depth, r.attempts, r.due_at, r.error, r.created_at, r.updated_at, r.finished_at, r.input, r.wait_until";

    public const string From = "pf_workflow_runs r JOIN pf_workflows w ON w.id = r.workflow_id JOIN pf_apps a ON a.id = r.app_id";

    private object? Time(DateTime at) => database.Dialect.ToDb(ColumnType.DateTime, at);

    public async Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, NewRun run, RunError? stopped = null)
    {
        var at = Time(run.At);
        return await connection.ExecuteScalarAsync<long>(database.Dialect.InsertReturningId("pf_workflow_runs",
            ["app_id", "workflow_id", "workflow_version", "form_id", "record_id", "event_id", "user_id", "status", "depth", "attempts", "due_at",
                "error", "created_at", "updated_at", "finished_at", "input", "request_key"]),
            new
            {
                p0 = run.Workflow.AppId, p1 = run.Workflow.Id, p2 = (long)run.Workflow.Version, p3 = run.Workflow.FormId, p4 = run.RecordId, p5 = run.EventId,
                p6 = run.UserId, p7 = stopped is null ? RunStatus.Ready : RunStatus.Failed, p8 = (long)run.Depth, p9 = 0L, p10 = at,
                p11 = stopped?.ToJson(), p12 = at, p13 = at, p14 = stopped is null ? null : at, p15 = run.Input, p16 = run.RequestKey,
            }, transaction);
    }

    public async Task<int> DepthAsync(DbConnection connection, DbTransaction transaction, long runId) =>
        (int)(await connection.ExecuteScalarAsync<long?>("SELECT depth FROM pf_workflow_runs WHERE id = @runId", new { runId }, transaction) ?? 0);

    public async Task<RunRow?> FindAsync(DbConnection connection, DbTransaction? transaction, long runId) =>
        await connection.QuerySingleOrDefaultAsync<RunRow>($"SELECT {Columns} FROM {From} WHERE r.id = @runId", new { runId }, transaction);

    /// <summary>Writes one attempt of a step into the run's log.</summary>
    public Task LogStepAsync(DbConnection connection, DbTransaction transaction, long runId, string stepId, string stepType, int attempt, bool done,
        DateTime started, DateTime finished, string? output, RunError? error) =>
        connection.ExecuteAsync(database.Dialect.Insert("pf_workflow_run_steps",
            ["run_id", "step_id", "step_type", "attempt", "status", "started_at", "finished_at", "output", "error"]),
            new
            {
                p0 = runId, p1 = stepId, p2 = stepType, p3 = (long)attempt, p4 = done ? "done" : "failed", p5 = Time(started), p6 = Time(finished),
                p7 = output, p8 = error?.ToJson(),
            }, transaction);

    /// <summary>
    /// Moves a run this runner holds on: to <paramref name="step"/> (null: its end, with <paramref name="status"/>). Nothing
    /// changes and false comes back when the run is no longer this runner's (cancelled meanwhile).
    /// </summary>
    /// <param name="waitsForChange">The step waits until <paramref name="due"/> unless a change of the record wakes it first; any other move forgets that.</param>
    public async Task<bool> AdvanceAsync(DbConnection connection, DbTransaction transaction, long runId, string? step, string status, int attempts,
        DateTime now, DateTime? due = null, RunError? error = null, bool waitsForChange = false, DateTime? leaseUntil = null) =>
        await connection.ExecuteAsync(
            "UPDATE pf_workflow_runs SET step = @step, status = @status, attempts = @attempts, due_at = COALESCE(@due, due_at), error = @error, " +
            "lease_until = COALESCE(@lease, lease_until), " +
            "updated_at = @now, finished_at = @finished, wait_until = @waitUntil, wakes_on_change = @wakes WHERE id = @runId AND status = @running",
            new
            {
                runId, step, status, attempts = (long)attempts, due = due is null ? null : Time(due.Value), error = error?.ToJson(), now = Time(now),
                finished = RunStatus.Ended(status) ? Time(now) : null, running = RunStatus.Running,
                waitUntil = waitsForChange && due is not null ? Time(due.Value) : null, wakes = database.Dialect.ToDb(ColumnType.Boolean, waitsForChange),
                lease = leaseUntil is null ? null : Time(leaseUntil.Value),
            }, transaction) == 1;

    /// <summary>Wakes the runs waiting for a change of these records (a condition to look at again); they run at once.</summary>
    public Task WakeAsync(DbConnection connection, DbTransaction transaction, long formId, IReadOnlyCollection<long> recordIds, DateTime now) =>
        connection.ExecuteAsync(
            $"UPDATE pf_workflow_runs SET status = @ready, due_at = @now, updated_at = @now WHERE form_id = @formId AND {database.Dialect.InIds("record_id", "@ids")} " +
            "AND status = @waiting AND wakes_on_change = @on",
            new
            {
                formId, ids = database.Dialect.IdsParameter(recordIds), now = Time(now), ready = RunStatus.Ready, waiting = RunStatus.Waiting,
                on = database.Dialect.ToDb(ColumnType.Boolean, true),
            }, transaction);
}

/// <summary>A run as stored.</summary>
internal sealed class RunRow
{
    public long Id { get; set; }
    public long AppId { get; set; }
    public string AppKey { get; set; } = "";
    public long WorkflowId { get; set; }
    public string WorkflowKey { get; set; } = "";
    public long WorkflowVersion { get; set; }
    public long? RecordId { get; set; }
    public long? EventId { get; set; }
    public long? UserId { get; set; }
    public string Status { get; set; } = "";
    public string? Step { get; set; }
    public long Depth { get; set; }
    public long Attempts { get; set; }
    public object? DueAt { get; set; }
    public string? Error { get; set; }
    public object? CreatedAt { get; set; }
    public object? UpdatedAt { get; set; }
    public object? FinishedAt { get; set; }
    public string? Input { get; set; }
    public object? WaitUntil { get; set; }
}
