using Dapper;
using Platform.Engine.Storage;
using Platform.Engine.Workflows.Definitions;
using Platform.Engine.Workflows.Runs;

namespace Platform.Engine.Workflows.Timers;

/// <summary>
/// Fires the due times that have come, in batches: each becomes a run of its workflow on its record, and is deleted in the
/// same transaction, so it fires once however often the pump runs, on however many nodes (rows another node holds are
/// passed over). Due times that came while the platform was down fire at the first pump after it starts. A yearly
/// trigger's next year is written as this year's fires.
/// </summary>
public sealed class TimerPump(PlatformDatabase database, WorkflowService workflows, TimerSchedule schedule, TimeProvider clock, WorkflowOptions options)
{
    private readonly RunRows _runs = new(database);

    /// <summary>Raised after due times were fired: their runs are ready.</summary>
    public event Action? Fired;

    /// <summary>Fires one batch of due times; returns how many (0 when none is due).</summary>
    public async Task<int> FireDueAsync(CancellationToken ct = default)
    {
        var dialect = database.Dialect;
        var now = clock.GetUtcNow().UtcDateTime;
        var at = dialect.ToDb(ColumnType.DateTime, now);
        await using (var connection = await database.OpenAsync(ct))
            if (await connection.ExecuteScalarAsync<long?>(dialect.Page("SELECT id FROM pf_timers WHERE due_at <= @at ORDER BY due_at, id", "1", null), new { at }) is null)
                return 0;
        var active = (await workflows.ActiveAsync(ct)).Values.SelectMany(w => w).ToDictionary(w => w.Id);
        var fired = await database.WriteAsync(async (work, token) =>
        {
            var due = (await work.Connection.QueryAsync<TimerRow>(new CommandDefinition(
                dialect.ClaimRows("pf_timers", "id, timer_key, due_at, workflow_id, form_id, record_id", "due_at <= @at", "due_at, id", options.DispatchBatch),
                new { at }, work.Transaction, cancellationToken: token))).ToList();
            foreach (var timer in due)
            {
                // A workflow disabled since keeps no timers; one whose form went away starts nothing.
                if (!active.TryGetValue(timer.WorkflowId, out var workflow)) continue;
                var scheduled = workflow.Definition.Trigger is ScheduleTrigger;
                await _runs.InsertAsync(work.Connection, work.Transaction, new NewRun(workflow, scheduled ? null : timer.RecordId, null, null, 0, now));
            }
            if (due.Count > 0)
                await work.Connection.ExecuteAsync(new CommandDefinition($"DELETE FROM pf_timers WHERE {dialect.InIds("id", "@ids")}",
                    new { ids = dialect.IdsParameter(due.Select(t => t.Id).ToList()) }, work.Transaction, cancellationToken: token));
            foreach (var timer in due)
                if (active.TryGetValue(timer.WorkflowId, out var workflow) && workflow.Definition.Trigger is ScheduleTrigger)
                    // The times missed while down fire once, as this one; the next is the first after now.
                    await schedule.ScheduleNextAsync(work, workflow, now, token);
                else if (active.TryGetValue(timer.WorkflowId, out workflow) && workflow.Definition.Trigger is DateTrigger { Yearly: true })
                    await schedule.InsertAsync(work, timer.TimerKey,
                        ((DateTime)dialect.FromDb(ColumnType.DateTime, timer.DueAt)!).AddYears(1), timer.WorkflowId, timer.FormId, timer.RecordId, token);
            return due.Count;
        }, ct);
        if (fired > 0) Fired?.Invoke();
        return fired;
    }

    private sealed class TimerRow
    {
        public long Id { get; set; }
        public string TimerKey { get; set; } = "";
        public object? DueAt { get; set; }
        public long WorkflowId { get; set; }
        public long FormId { get; set; }
        public long RecordId { get; set; }
    }
}
