namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>A new record takes each field's default where nothing was sent.</summary>
internal sealed class ApplyDefaultsStep(RecordStore store) : BuiltInStep("apply-defaults", StepOrder.ApplyDefaults, WriteKind.Create, needsValidInput: false)
{
    public override ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        foreach (var item in batch.Items) store.Checks.ApplyDefaults(batch.Model, item.Values, batch.Script);
        return ValueTask.CompletedTask;
    }
}
