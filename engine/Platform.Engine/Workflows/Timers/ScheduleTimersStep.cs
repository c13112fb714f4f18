using Platform.Engine.Records.Pipeline;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Engine.Workflows.Timers;

/// <summary>
/// The workflow engine's step in the record pipeline: after a record is written, its due times for the form's timed
/// workflows are set (a date moved, a condition began or stopped holding) or cleared (deleted), in the same transaction.
/// </summary>
public sealed class ScheduleTimersStep(WorkflowService workflows, TimerSchedule schedule) : IRecordStep
{
    public const int Order = StepOrder.LogChange + 20;

    public string Name => "schedule-timers";

    int IRecordStep.Order => Order;

    public WriteKind AppliesTo => WriteKind.Any;

    public bool NeedsValidInput => true;

    public async ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        var active = await workflows.ActiveAsync(ct);
        if (!active.TryGetValue(batch.Model.FormId, out var onForm)) return;
        var timed = onForm.Where(w => w.Definition.Trigger is TimedTrigger).ToList();
        if (timed.Count == 0) return;
        var work = batch.RequireWork();
        foreach (var item in batch.Items.Where(i => i.Result is not null && !i.Unchanged))
            await schedule.SetAsync(work, batch.Model, timed, item.Result!, gone: batch.Kind == WriteKind.Delete, ct, created: batch.Kind == WriteKind.Create);
    }
}
