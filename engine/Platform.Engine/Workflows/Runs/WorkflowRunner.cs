using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using Platform.Engine.Apps;
using Platform.Engine.Formulas;
using Platform.Engine.Models;
using Platform.Engine.Notifications;
using Platform.Engine.Records;
using Platform.Engine.Scripting;
using Platform.Engine.Storage;
using Platform.Engine.Telemetry;
using Platform.Engine.Users;
using Platform.Engine.Validation;
using Platform.Engine.Workflows.Definitions;
using Platform.Engine.Workflows.Steps;

namespace Platform.Engine.Workflows.Runs;

/// <summary>
/// Takes the runs that are due and runs their steps. Each step commits in one transaction with the run's move to the
/// next step and its line in the log, so a crash repeats at most the step that had not committed, and a step whose
/// effects are in the database (records, notifications) never has them twice. A step that fails on its input (a value
/// the form refuses, a formula error) fails its run at once; anything else is tried again later, then fails the run.
/// A run left by a node that died is taken again when its lease ends.
/// </summary>
public sealed class WorkflowRunner
{
    /// <summary>How often a step is tried again at once on a record changed under it, before it waits out the retry delay.</summary>
    private const int MaxRereads = 3;

    private readonly PlatformDatabase _database;
    private readonly WorkflowService _workflows;
    private readonly TimeProvider _clock;
    private readonly WorkflowOptions _options;
    private readonly WorkflowParts _parts;
    private readonly ScriptSandbox _sandbox;
    private readonly RunRows _rows;

    public WorkflowRunner(PlatformDatabase database, WorkflowService workflows, FormService forms, RecordService records, NotificationService notifications,
        RoleService roles, DepartmentService departments, UserService users, FormulaService formulas, TimeProvider clock, WorkflowOptions options,
        Outbound.OutboundClient? outbound = null, Approvals.ApprovalService? approvals = null, Tasks.TaskService? tasks = null,
        Notifications.Deliveries.DeliveryService? deliveries = null)
    {
        _database = database;
        _workflows = workflows;
        _clock = clock;
        _options = options;
        _sandbox = formulas.Sandbox;
        _parts = new WorkflowParts(forms, records, notifications, roles, departments, users, new WorkflowFormulas(formulas), outbound ?? new Outbound.OutboundClient(),
            approvals ?? new Approvals.ApprovalService(database, notifications, users, clock), tasks ?? new Tasks.TaskService(database, forms, records),
            deliveries ?? new Notifications.Deliveries.DeliveryService(database, new Notifications.Deliveries.DeliveryChannels([]), clock));
        _rows = new RunRows(database);
    }

    /// <summary>
    /// Raised after runs took steps: what only steps queue (messages to send) may be waiting. Record writes do not raise
    /// it, so what waits on it is not woken by every write.
    /// </summary>
    public event Action? Worked;

    /// <summary>Runs what is due now, several at once; returns how many runs it took.</summary>
    public async Task<int> RunDueAsync(int limit = 100, CancellationToken ct = default)
    {
        var now = Now();
        var dialect = _database.Dialect;
        List<long> due;
        await using (var connection = await _database.OpenAsync(ct))
            due = (await connection.QueryAsync<long>(dialect.Page(
                "SELECT id FROM pf_workflow_runs WHERE status IN (@ready, @waiting) AND due_at <= @now OR status = @running AND lease_until < @now " +
                "ORDER BY due_at, id", "@limit", null), new { ready = RunStatus.Ready, waiting = RunStatus.Waiting, running = RunStatus.Running, now = Time(now), limit }))
                .ToList();
        var taken = 0;
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = ct }, async (id, token) =>
        {
            if (!await TakeAsync(id, token)) return;
            Interlocked.Increment(ref taken);
            await RunAsync(id, token);
        });
        if (taken > 0) Worked?.Invoke();
        return taken;
    }

    /// <summary>
    /// Where one process alone runs workflows (SQLite), a run still marked as taken when it starts was left by this same
    /// process before it stopped: it is ready again at once, rather than after its lease.
    /// </summary>
    public async Task<int> ReleaseLeftAsync(CancellationToken ct = default)
    {
        if (!_database.Dialect.SingleWriter) return 0;
        return await _database.InTransactionAsync((connection, transaction) => connection.ExecuteAsync(
            "UPDATE pf_workflow_runs SET status = @ready, lease_until = NULL WHERE status = @running",
            new { ready = RunStatus.Ready, running = RunStatus.Running }, transaction), ct);
    }

    private async Task<bool> TakeAsync(long id, CancellationToken ct)
    {
        var now = Now();
        return await _database.InTransactionAsync((connection, transaction) => connection.ExecuteAsync(
            "UPDATE pf_workflow_runs SET status = @running, lease_until = @lease, updated_at = @at " +
            "WHERE id = @id AND (status IN (@ready, @waiting) AND due_at <= @at OR status = @running AND lease_until < @at)",
            new { id, running = RunStatus.Running, ready = RunStatus.Ready, waiting = RunStatus.Waiting, at = Time(now), lease = Time(now + _options.Lease) },
            transaction), ct) == 1;
    }

    private async Task RunAsync(long id, CancellationToken ct)
    {
        // A run picks up where it stands: a retry reads the record as it is now.
        RunRow run;
        await using (var connection = await _database.OpenAsync(ct))
            run = (await _rows.FindAsync(connection, null, id))!;
        var definition = await _workflows.DefinitionAsync(run.WorkflowId, (int)run.WorkflowVersion, ct);
        using var activity = PlatformTelemetry.Source.StartActivity("workflow.run");
        activity?.SetTag("platform.app", run.AppKey).SetTag("platform.workflow", definition.Key).SetTag("platform.run", run.Id);
        PlatformTelemetry.Runs.Add(1, new KeyValuePair<string, object?>("platform.app", run.AppKey), new KeyValuePair<string, object?>("platform.workflow", definition.Key));
        FormModel model;
        RecordData? record;
        try
        {
            model = await _parts.Forms.GetModelAsync(run.AppKey, definition.Form, ct);
            // A scheduled or webhook run is about no record: its formulas see the call's input (or nothing), and steps that change
            // the record refuse it.
            record = run.RecordId is { } recordId ? await _parts.Records.FindAsync(model, recordId, ct)
                : definition.Trigger.RecordLess ? Hooks.WebhookInput.Read(model, run.Input) : null;
            if (record is null) throw new NotFoundException("run.recordGone", run.RecordId);
        }
        catch (NotFoundException e)
        {
            await FailAsync(run, null, null, RunError.From(null, e), (int)run.Attempts, final: true, Now(), ct);
            return;
        }
        var caller = new CallerContext(Actor.Workflow(run.Id.ToString(CultureInfo.InvariantCulture), run.UserId)) { IsAdmin = true, TimeZone = _options.TimeZone };
        var attempts = (int)run.Attempts;
        var stepId = run.Step;
        if (stepId is null)
        {
            if (definition.Trigger.Condition is { Length: > 0 } condition && !Holds(model, condition, caller, record, out var failure))
            {
                if (failure is not null) await FailAsync(run, null, null, failure, attempts, final: true, Now(), ct);
                else await _database.InTransactionAsync((connection, transaction) =>
                    _rows.AdvanceAsync(connection, transaction, run.Id, null, RunStatus.Skipped, 0, Now()), ct);
                return;
            }
            stepId = definition.Steps[0].Id;
        }

        var rereads = 0;
        for (var next = definition.Step(stepId); next is not null;)
        {
            var step = next;
            var started = Now();
            try
            {
                StepContext Context(UnitOfWork? work, JsonObject? called) => new()
                {
                    Work = work!, Called = called, RunId = run.Id, WorkflowId = run.WorkflowId, Workflow = definition, Model = model, Record = record, Caller = caller,
                    WaitDeadline = step.Id == run.Step ? (DateTime?)_database.Dialect.FromDb(ColumnType.DateTime, run.WaitUntil) : null,
                    Parts = _parts, Script = new ScriptContext(_clock.GetUtcNow(), caller.TimeZone, caller.UserId).WithBudget(_sandbox.Limits.OperationTimeout),
                };
                var called = await StepHandlers.For(step).CallAsync(step, Context(null, null), ct);
                var (following, changed) = await _database.WriteAsync(async (work, token) =>
                {
                    var context = Context(work, called);
                    var outcome = await StepHandlers.For(step).RunAsync(step, context, token);
                    var then = outcome.Stays ? step.Id : outcome.ChoseEnd ? null : outcome.Chosen ?? definition.After(step);
                    var finished = Now();
                    await _rows.LogStepAsync(work.Connection, work.Transaction, run.Id, step.Id, WorkflowTypes.Steps.NameOf(step), attempts + 1, done: true,
                        started, finished, outcome.Output?.ToJsonString(), null);
                    var status = then is null ? RunStatus.Completed
                        : outcome.WaitUntil is not null ? RunStatus.Waiting : outcome.Stays ? RunStatus.Awaiting : RunStatus.Running;
                    // Each step done holds the run a lease longer: a node that died mid-run leaves it to another within a lease.
                    if (!await _rows.AdvanceAsync(work.Connection, work.Transaction, run.Id, then, status, 0, finished, outcome.WaitUntil,
                            waitsForChange: outcome.Stays && outcome.WakesOnChange, leaseUntil: finished + _options.Lease))
                        throw new RunNotHeldException();
                    return (status == RunStatus.Running ? then : null, context.Record);
                }, ct);
                record = changed;
                PlatformTelemetry.Steps.Add(1, new KeyValuePair<string, object?>("platform.step", WorkflowTypes.Steps.NameOf(step)));
                attempts = 0;
                rereads = 0;
                next = following is null ? null : definition.Step(following);
            }
            catch (RunNotHeldException)
            {
                return;
            }
            catch (ConflictException stale) when (stale.Code == "version.stale" && rereads++ < MaxRereads && run.RecordId is { } changedId)
            {
                // Another run (or a person) changed the record since it was read: the step goes again at once on the record as it is now,
                // so two workflows started by one change do not wait out a retry delay each other's write caused.
                record = await _parts.Records.FindAsync(model, changedId, ct) ?? record;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Input the form refuses or a formula error would fail again; a record changed meanwhile is read again and retried.
                var permanent = e is PlatformException and not ConflictException { Code: "version.stale" } or ScriptException;
                await FailAsync(run, step.Id, WorkflowTypes.Steps.NameOf(step), RunError.From(step.Id, e), attempts + 1,
                    permanent || attempts + 1 >= _options.MaxAttempts, started, ct);
                return;
            }
        }
    }

    /// <summary>
    /// Works out what a run of the workflow's current version (enabled or not) would do on a record the caller can see,
    /// step by step, without any side effect: no write, no notification, no call. A step that would fail ends the list with why.
    /// </summary>
    public async Task<Simulation> SimulateAsync(string appKey, string workflowKey, long recordId, CallerContext caller, CancellationToken ct = default)
    {
        var definition = (await _workflows.GetAsync(appKey, workflowKey, ct: ct)).Definition;
        var model = await _parts.Forms.GetModelAsync(appKey, definition.Form, ct);
        await _parts.Records.GetAsync(model, recordId, caller, ct);
        var record = (await _parts.Records.FindAsync(model, recordId, ct))!;
        var acting = new CallerContext(Actor.Workflow("simulation", caller.UserId)) { IsAdmin = true, TimeZone = _options.TimeZone, Culture = caller.Culture };
        if (definition.Trigger.Condition is { Length: > 0 } condition && !Holds(model, condition, acting, record, out var failure))
            return new Simulation(false, failure is null ? [] : [new SimulatedStep("trigger", "condition", null, failure.Errors[0])]);
        var steps = new List<SimulatedStep>();
        for (var step = definition.Steps[0]; steps.Count < 200;)
        {
            var context = new StepContext
            {
                RunId = 0, WorkflowId = 0, Workflow = definition, Model = model, Record = record, Caller = acting, Parts = _parts,
                Script = new ScriptContext(_clock.GetUtcNow(), acting.TimeZone, acting.UserId).WithBudget(_sandbox.Limits.OperationTimeout),
            };
            StepOutcome outcome;
            try
            {
                outcome = await StepHandlers.For(step).SimulateAsync(step, context, ct);
            }
            catch (Exception e) when (e is PlatformException or ScriptException)
            {
                steps.Add(new SimulatedStep(step.Id, WorkflowTypes.Steps.NameOf(step), null, RunError.From(step.Id, e).Errors[0]));
                break;
            }
            steps.Add(new SimulatedStep(step.Id, WorkflowTypes.Steps.NameOf(step), outcome.Output, null));
            var next = outcome.ChoseEnd ? null : outcome.Chosen ?? definition.After(step);
            if (next is null || definition.Step(next) is not { } following) break;
            step = following;
        }
        return new Simulation(true, steps);
    }

    private bool Holds(FormModel model, string condition, CallerContext caller, RecordData record, out RunError? failure)
    {
        failure = null;
        try
        {
            var script = new ScriptContext(_clock.GetUtcNow(), caller.TimeZone, caller.UserId).WithBudget(_sandbox.Limits.OperationTimeout);
            var result = _parts.Formulas.Evaluate(model, condition, script, record);
            if (result.IsError) failure = new RunError(null, [new("trigger.condition", "formula.errorValue", result.Error)]);
            return result.Value is true;
        }
        catch (ScriptException e)
        {
            failure = new RunError(null, [e.ToError("trigger.condition")]);
            return false;
        }
    }

    /// <summary>Logs a failed attempt; the run is tried again after a wait, or fails for good.</summary>
    private Task FailAsync(RunRow run, string? stepId, string? stepType, RunError error, int attempts, bool final, DateTime started, CancellationToken ct)
    {
        var now = Now();
        return _database.InTransactionAsync(async (connection, transaction) =>
        {
            if (stepId is not null)
                await _rows.LogStepAsync(connection, transaction, run.Id, stepId, stepType!, attempts, done: false, started, now, null, error);
            return await _rows.AdvanceAsync(connection, transaction, run.Id, stepId, final ? RunStatus.Failed : RunStatus.Ready, attempts, now,
                final ? null : now + _options.RetryDelay * (attempts * attempts), error);
        }, ct);
    }

    private DateTime Now() => _clock.GetUtcNow().UtcDateTime;

    private object? Time(DateTime at) => _database.Dialect.ToDb(ColumnType.DateTime, at);

    /// <summary>The run was cancelled while its step ran: the step is rolled back and the runner lets go.</summary>
    private sealed class RunNotHeldException : Exception;
}
