using System.Text.Json.Nodes;
using Dapper;
using Platform.Engine.Apps;
using Platform.Engine.Records;
using Platform.Engine.Storage;
using Platform.Engine.Validation;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Engine.Workflows.Runs;

/// <summary>
/// Runs as people see and steer them: the runs of a workflow, one run with its log, trying a failed run again,
/// cancelling one, and starting a workflow by hand on a record.
/// </summary>
public sealed class RunService(PlatformDatabase database, WorkflowService workflows, FormService forms, RecordService records, TimeProvider clock)
{
    public const int MaxPage = 200;

    private readonly RunRows _rows = new(database);

    /// <summary>Raised when a run is ready now (started by hand, retried), so a runner can take it without waiting.</summary>
    public event Action? RunReady;

    /// <summary>The runs of a workflow, newest first, older than the run <paramref name="before"/> when given.</summary>
    public async Task<IReadOnlyList<RunInfo>> ListAsync(string appKey, string workflowKey, string? status = null, long? before = null, int limit = 50,
        CancellationToken ct = default)
    {
        if (limit is < 1 or > MaxPage) throw new ValidationFailedException([new("limit", "page.size", MaxPage)]);
        await workflows.GetAsync(appKey, workflowKey, ct: ct);
        await using var connection = await database.OpenAsync(ct);
        var where = "a.app_key = @appKey AND w.workflow_key = @workflowKey" + (status is null ? "" : " AND r.status = @status") + (before is null ? "" : " AND r.id < @before");
        var rows = await connection.QueryAsync<RunRow>(database.Dialect.Page($"SELECT {RunRows.Columns} FROM {RunRows.From} WHERE {where} ORDER BY r.id DESC", "@limit", null),
            new { appKey, workflowKey, status, before, limit });
        return rows.Select(ToInfo).ToList();
    }

    public async Task<RunDetail> GetAsync(string appKey, long runId, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var run = await FindAsync(connection, appKey, runId);
        var steps = await connection.QueryAsync<StepRow>(
            "SELECT step_id, step_type, attempt, status, started_at, finished_at, output, error FROM pf_workflow_run_steps WHERE run_id = @runId ORDER BY id",
            new { runId });
        return new RunDetail(ToInfo(run), steps.Select(s => new RunStepInfo(s.StepId, s.StepType, (int)s.Attempt, s.Status, Time(s.StartedAt)!.Value,
            Time(s.FinishedAt)!.Value, s.Output is null ? null : JsonNode.Parse(s.Output), RunError.Parse(s.Error))).ToList());
    }

    /// <summary>Tries a failed run again from the step that failed.</summary>
    public async Task<RunInfo> RetryAsync(string appKey, long runId, CancellationToken ct = default)
    {
        await ChangeAsync(appKey, runId, run => run.Status == RunStatus.Failed ? null : new ConflictException("run.notRetryable", runId, run.Status),
            "status = @ready, attempts = 0, error = NULL, due_at = @now, finished_at = NULL", ct);
        RunReady?.Invoke();
        return (await GetAsync(appKey, runId, ct)).Run;
    }

    /// <summary>Stops a run that has not ended; a step under way is rolled back.</summary>
    public async Task<RunInfo> CancelAsync(string appKey, long runId, CancellationToken ct = default)
    {
        await ChangeAsync(appKey, runId, run => RunStatus.Ended(run.Status) && run.Status != RunStatus.Failed ? new ConflictException("run.ended", runId, run.Status) : null,
            "status = @cancelled, finished_at = @now", ct, (connection, transaction, now) =>
                Approvals.ApprovalService.CancelForRunAsync(connection, transaction, database.Dialect, runId, now));
        return (await GetAsync(appKey, runId, ct)).Run;
    }

    /// <summary>
    /// Starts a workflow by hand on a record the caller can see: the workflow must be enabled, started by hand and be of
    /// the record's form. The run starts at once, for the caller.
    /// </summary>
    public async Task<RunInfo> StartAsync(string appKey, string formKey, long recordId, string workflowKey, CallerContext caller, CancellationToken ct = default)
    {
        var model = await forms.GetModelAsync(appKey, formKey, ct);
        await records.GetAsync(model, recordId, caller, ct);
        var workflow = await workflows.ActiveAsync(appKey, workflowKey, ct);
        if (workflow.Definition.Trigger is not ManualTrigger) throw new ConflictException("workflow.notManual", workflowKey);
        if (workflow.FormId != model.FormId) throw new ConflictException("workflow.otherForm", workflowKey);
        var id = await database.InTransactionAsync((connection, transaction) =>
            _rows.InsertAsync(connection, transaction, new NewRun(workflow, recordId, null, caller.UserId, 0, clock.GetUtcNow().UtcDateTime)), ct);
        RunReady?.Invoke();
        return (await GetAsync(appKey, id, ct)).Run;
    }

    /// <summary>Changes a run the way <paramref name="set"/> says unless <paramref name="refuse"/> refuses, with whatever else goes <paramref name="with"/> it.</summary>
    private async Task ChangeAsync(string appKey, long runId, Func<RunRow, Exception?> refuse, string set, CancellationToken ct,
        Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, DateTime, Task>? with = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            var run = await FindAsync(connection, appKey, runId, transaction);
            if (refuse(run) is { } refused) throw refused;
            if (with is not null) await with(connection, transaction, now);
            return await connection.ExecuteAsync($"UPDATE pf_workflow_runs SET {set}, updated_at = @now WHERE id = @runId",
                new { runId, ready = RunStatus.Ready, cancelled = RunStatus.Cancelled, now = database.Dialect.ToDb(ColumnType.DateTime, now) }, transaction);
        }, ct);
    }

    private async Task<RunRow> FindAsync(System.Data.Common.DbConnection connection, string appKey, long runId, System.Data.Common.DbTransaction? transaction = null) =>
        await _rows.FindAsync(connection, transaction, runId) is { } run && run.AppKey == appKey ? run : throw new NotFoundException("run.notFound", runId);

    private RunInfo ToInfo(RunRow row) => new(row.Id, row.WorkflowKey, (int)row.WorkflowVersion, row.RecordId, row.UserId, row.Status, row.Step, (int)row.Attempts,
        RunError.Parse(row.Error), Time(row.CreatedAt)!.Value, Time(row.UpdatedAt)!.Value, Time(row.FinishedAt));

    private DateTime? Time(object? value) => (DateTime?)database.Dialect.FromDb(ColumnType.DateTime, value);

    private sealed class StepRow
    {
        public string StepId { get; set; } = "";
        public string StepType { get; set; } = "";
        public long Attempt { get; set; }
        public string Status { get; set; } = "";
        public object? StartedAt { get; set; }
        public object? FinishedAt { get; set; }
        public string? Output { get; set; }
        public string? Error { get; set; }
    }
}
