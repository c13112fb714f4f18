using Dapper;
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
    private readonly WorkflowFormulas _formulas = new(formulas);

    internal static string Key(long workflowId, long recordId) => $"wf:{workflowId}:rec:{recordId}";

    /// <summary>Sets or clears, in <paramref name="work"/>, the due time of each timed workflow for <paramref name="record"/> (<paramref name="gone"/>: deleted).</summary>
    internal async Task SetAsync(UnitOfWork work, FormModel model, IEnumerable<ActiveWorkflow> timed, RecordData record, bool gone, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var workflow in timed)
        {
            var trigger = (TimedTrigger)workflow.Definition.Trigger;
            var key = Key(workflow.Id, record.Id);
            var scheduled = trigger is ConditionHeldTrigger ? await ScheduledAsync(work, key, ct) : null;
            var due = gone ? null : trigger.DueFor(new TimedRecord(record.Get, now.UtcDateTime, options.TimeZone, () => Holds(model, trigger, record, now)), scheduled);
            if (due is not null && due == scheduled) continue;
            await work.Connection.ExecuteAsync(new CommandDefinition("DELETE FROM pf_timers WHERE timer_key = @key", new { key }, work.Transaction, cancellationToken: ct));
            if (due is { } at) await InsertAsync(work, key, at, workflow.Id, workflow.FormId, record.Id, ct);
        }
    }

    internal Task InsertAsync(UnitOfWork work, string key, DateTime due, long workflowId, long formId, long recordId, CancellationToken ct) =>
        work.Connection.ExecuteAsync(new CommandDefinition(
            database.Dialect.Insert("pf_timers", ["timer_key", "due_at", "workflow_id", "form_id", "record_id", "created_at"]),
            new
            {
                p0 = key, p1 = database.Dialect.ToDb(ColumnType.DateTime, due), p2 = workflowId, p3 = formId, p4 = recordId,
                p5 = database.Dialect.ToDb(ColumnType.DateTime, clock.GetUtcNow().UtcDateTime),
            }, work.Transaction, cancellationToken: ct));

    private async Task<DateTime?> ScheduledAsync(UnitOfWork work, string key, CancellationToken ct) =>
        (DateTime?)database.Dialect.FromDb(ColumnType.DateTime, await work.Connection.ExecuteScalarAsync<object?>(
            new CommandDefinition("SELECT due_at FROM pf_timers WHERE timer_key = @key", new { key }, work.Transaction, cancellationToken: ct)));

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
