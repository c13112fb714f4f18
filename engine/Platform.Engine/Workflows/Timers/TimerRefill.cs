using Dapper;
using Platform.Engine.Apps;
using Platform.Engine.Records;
using Platform.Engine.Storage;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Engine.Workflows.Timers;

/// <summary>
/// Gives the records already there their due times when a timed workflow is enabled (or republished while enabled): a
/// background job, a page of records per transaction, resumable where it stopped (the workflow keeps the last id done).
/// Records written meanwhile get theirs from the pipeline step; setting one twice changes nothing.
/// </summary>
public sealed class TimerRefill(PlatformDatabase database, WorkflowService workflows, FormService forms, RecordService records, TimerSchedule schedule,
    TimeProvider clock)
{
    public const int PageSize = 500;

    /// <summary>Does one page for each workflow waiting; returns how many records it went through (0: nothing left).</summary>
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        List<(long Id, long RefillAfter)> waiting;
        await using (var connection = await database.OpenAsync(ct))
            waiting = (await connection.QueryAsync<(long, long)>("SELECT id, refill_after FROM pf_workflows WHERE refill_after IS NOT NULL")).ToList();
        if (waiting.Count == 0) return 0;
        var active = (await workflows.ActiveAsync(ct)).Values.SelectMany(w => w).ToDictionary(w => w.Id);
        var done = 0;
        foreach (var (id, after) in waiting)
        {
            var workflow = active.GetValueOrDefault(id);
            var scheduled = workflow?.Definition.Trigger is ScheduleTrigger;
            var model = workflow is null || scheduled ? null : await forms.GetModelAsync(workflow.AppKey, workflow.Definition.Form, ct);
            var page = model is null ? [] : await records.PageAfterAsync(model, after, PageSize, ct);
            await database.WriteAsync(async (work, token) =>
            {
                if (scheduled) await schedule.ScheduleNextAsync(work, workflow!, clock.GetUtcNow().UtcDateTime, token);
                foreach (var record in page) await schedule.SetAsync(work, model!, [workflow!], record, gone: false, token);
                // Only where this job left it: another node may have done the page, or the workflow been turned off, meanwhile.
                return await work.Connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE pf_workflows SET refill_after = @next WHERE id = @id AND refill_after = @after",
                    new { id, after, next = page.Count == PageSize ? page[^1].Id : (long?)null }, work.Transaction, cancellationToken: token));
            }, ct);
            done += page.Count;
        }
        return done;
    }
}
