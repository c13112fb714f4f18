using Platform.Engine.Validation;

namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>Field rights: a field the caller may read but not edit is refused when sent. (Hidden ones were refused as unknown when read.)</summary>
internal sealed class CheckAccessStep() : BuiltInStep("check-access", StepOrder.CheckAccess, WriteKind.Change, needsValidInput: false)
{
    public override ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        var view = batch.Caller.Fields(batch.Model);
        if (view.IsAll) return ValueTask.CompletedTask;
        foreach (var item in batch.Items)
            foreach (var key in item.Sent.Keys.Where(k => view.CanRead(k) && !view.CanEdit(k)))
                batch.Errors.Add(new ValidationError(item.Prefix + key, "field.readOnly"));
        return ValueTask.CompletedTask;
    }
}
