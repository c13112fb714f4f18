namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>The history entry and the outbox event of each written record, in its transaction, naming the actor.</summary>
internal sealed class LogChangeStep(RecordStore store) : BuiltInStep("log-change", StepOrder.LogChange, WriteKind.Any, needsValidInput: true)
{
    public override async ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        var kind = batch.Kind switch
        {
            WriteKind.Create => "created",
            WriteKind.Delete => "deleted",
            WriteKind.Restore => "restored",
            _ => "updated",
        };
        var commands = batch.RequireWork().Commands;
        foreach (var item in batch.Items.Where(i => i.Result is not null && !i.Unchanged))
            await store.Log.WriteAsync(commands, batch.Model, item.Result!, kind, kind == "updated" ? item.Changes : null, batch.Caller.Actor,
                item.Warnings, ct);
    }
}
