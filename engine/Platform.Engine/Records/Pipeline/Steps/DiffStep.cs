namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>What an update or recompute changes, field by field; a record nothing changes is not written and keeps its version.</summary>
internal sealed class DiffStep() : BuiltInStep("diff", StepOrder.Diff, WriteKind.Update | WriteKind.Recompute, needsValidInput: true)
{
    public override ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        // A recompute changes only what the form computes (formulas, rollups, tags kept by rules).
        var fields = batch.Kind == WriteKind.Recompute ? batch.Model.ComputedFields : batch.Model.Fields;
        foreach (var item in batch.Items)
        {
            var current = item.Current!;
            foreach (var field in fields)
            {
                var before = current.Values.GetValueOrDefault(field.Key);
                var after = item.Values.GetValueOrDefault(field.Key);
                if (!field.Codec.AreEqual(before, after)) item.Changes.Add(new FieldChange(field.Key, field.Codec.Write(before), field.Codec.Write(after)));
            }
            var owner = item.OwnerAfter(current.Owner);
            if (owner != current.Owner) item.Changes.Add(new FieldChange("owner", current.Owner, owner));
            item.Unchanged = item.Changes.Count == 0;
        }
        return ValueTask.CompletedTask;
    }
}
