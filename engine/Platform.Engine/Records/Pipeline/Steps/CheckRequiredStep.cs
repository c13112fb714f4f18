namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>Required fields: every one on a create, the ones sent on an update (a PATCH that leaves a field out keeps it).</summary>
internal sealed class CheckRequiredStep() : BuiltInStep("check-required", StepOrder.CheckRequired, WriteKind.Change, needsValidInput: false)
{
    public override ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        foreach (var item in batch.Items)
        {
            IEnumerable<string> keys = batch.Kind == WriteKind.Create ? batch.Model.Fields.Select(f => f.Key) : item.Sent.Keys;
            WriteChecks.CheckRequired(batch.Model, item.Values, keys, item.Prefix, batch.Errors);
        }
        return ValueTask.CompletedTask;
    }
}
