using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Scripting;
using Platform.Engine.Storage;
using Platform.Engine.Workflows.Definitions;
using Platform.Engine.Workflows.Runs;

namespace Platform.Engine.Workflows.Timers;

/// <summary>
/// Keeps the due times of timed triggers in step with the records they follow: one row per workflow and record in
/// <c>pf_timers</c>, set or cleared inside the transaction of the change (a rolled-back save leaves no timer, a committed
/// one always has its timer).
/// </summary>
public sealed class TimerSchedule(PlatformDatabase database, Formulas.FormulaService formulas, TimeProvider clock, WorkflowOptions options)
{
    private const string Delete = "DELETE FROM pf_timers WHERE timer_key = @p0";

    private readonly WorkflowFormulas _formulas = new(formulas);
    private readonly string _insert = database.Dialect.Insert("pf_timers", ["timer_key", "due_at", "workflow_id", "form_id", "record_id", "created_at"]);

    internal static string Key(long workflowId, long recordId) => $"wf:{workflowId}:rec:{recordId}";

    /// <summary>
    /// Writes a scheduled workflow's next time after <paramref name="after"/> (one row a workflow, record 0), or nothing
    /// when its expression names no more.
    /// </summary>
    internal async Task ScheduleNextAsync(UnitOfWork work, ActiveWorkflow workflow, DateTime after, CancellationToken ct)
    {
        if (workflow.Definition.Trigger is not ScheduleTrigger trigger || trigger.Next(after, options.TimeZone) is not { } next) return;
        var key = $"wf:{workflow.Id}:schedule";
        await work.Commands.QueueAsync(Delete, [key], ct);
        await InsertAsync(work, key, next, workflow.Id, workflow.FormId, 0, ct);
    }

    /// <summary>
    /// Sets or clears, in <paramref name="work"/>, the due time of each timed workflow for <paramref name="record"/>
    /// (<paramref name="gone"/>: deleted; <paramref name="created"/>: new, so it has none yet). The statements are queued
    /// with the write's own (one round trip on a server) and prepared once a transaction.
    /// </summary>
    internal async Task SetAsync(UnitOfWork work, FormModel model, IEnumerable<ActiveWorkflow> timed, RecordData record, bool gone, CancellationToken ct,
        bool created = false)
    {
        var now = clock.GetUtcNow();
        foreach (var workflow in timed)
        {
            var trigger = (TimedTrigger)workflow.Definition.Trigger;
            var key = Key(workflow.Id, record.Id);
            var scheduled = trigger is ConditionHeldTrigger && !created ? await ScheduledAsync(work, key, ct) : null;
            var due = gone ? null : trigger.DueFor(new TimedRecord(record.Get, now.UtcDateTime, options.TimeZone, () => Holds(model, trigger, record, now)), scheduled);
            if (due is not null && due == scheduled) continue;
            if (!created) await work.Commands.QueueAsync(Delete, [key], ct);
            if (due is { } at) await InsertAsync(work, key, at, workflow.Id, workflow.FormId, record.Id, ct);
        }
    }

    internal Task InsertAsync(UnitOfWork work, string key, DateTime due, long workflowId, long formId, long recordId, CancellationToken ct) =>
        work.Commands.QueueAsync(_insert, [key, database.Dialect.ToDb(ColumnType.DateTime, due), workflowId, formId, recordId,
            database.Dialect.ToDb(ColumnType.DateTime, clock.GetUtcNow().UtcDateTime)], ct);

    private async Task<DateTime?> ScheduledAsync(UnitOfWork work, string key, CancellationToken ct) =>
        (DateTime?)database.Dialect.FromDb(ColumnType.DateTime, await work.Commands.ScalarAsync("SELECT due_at FROM pf_timers WHERE timer_key = @p0", [key], ct) is var due
            && due is not DBNull ? due : null);

    // A condition that cannot be worked out (a formula error) holds no timer: the run would fail on it anyway.
    private bool Holds(FormModel model, WorkflowTrigger trigger, RecordData record, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(trigger.Condition)) return true;
        try
        {
            var script = new ScriptContext(now, options.TimeZone, null).WithBudget(formulas.Sandbox.Limits.OperationTimeout);
            return _formulas.Evaluate(model, trigger.Condition, script, record).Value is true;
        }
        catch (ScriptException)
        {
            return false;
        }
    }
}
