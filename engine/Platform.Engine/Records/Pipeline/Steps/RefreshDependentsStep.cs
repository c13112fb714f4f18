using Platform.Engine.Forms.Fields;
using Platform.Engine.Records.Query;

namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>
/// Records of other forms that look up fields of a changed record are recomputed in the same
/// transaction, through the pipeline, as a recompute on behalf of whoever made the change; lookups of
/// lookups follow up to <see cref="MaxLookupDepth"/> levels (a customer → its deals → their invoices).
/// </summary>
internal sealed class RefreshDependentsStep(RecordStore store)
    : BuiltInStep("refresh-dependents", StepOrder.RefreshDependents, WriteKind.Update | WriteKind.Recompute, needsValidInput: true)
{
    public const int MaxLookupDepth = 3;

    public override async ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        var model = batch.Model;
        if (model.Links is null || batch.Depth >= MaxLookupDepth) return;
        var written = batch.Items.Where(i => i.Result is not null && !i.Unchanged).ToList();
        if (written.Count == 0) return;
        var dependents = await model.Links.DependentsAsync(model.Key, ct);
        if (dependents.Count == 0) return;
        var work = batch.RequireWork();
        // Queued history and link rows must reach the database before the dependents read this record.
        await work.Commands.FlushAsync(ct);
        foreach (var item in written)
        {
            var changed = item.Changes.Select(c => c.Field).ToHashSet();
            var caller = batch.Caller.RecomputeFor($"lookup:{model.Key}/{item.Result!.Id}");
            foreach (var dependent in dependents.Where(d => d.Reads.Overlaps(changed)))
            {
                var relation = (RelationField)dependent.Form.Field(dependent.Relation)!.Definition;
                var filter = Condition.Of(dependent.Relation, relation.Multiple ? "contains" : "eq", item.Result.Id);
                var records = await store.ReadAllAsync(work, dependent.Form, filter, ct);
                if (records.Count == 0) continue;
                var items = records.Select(RecordWrite.Recompute).ToList();
                var recompute = new RecordWriteBatch(WriteKind.Recompute, dependent.Form, caller, batch.Now, batch.Script, items, work) { Depth = batch.Depth + 1 };
                await store.Pipeline.RunAsync(recompute, ct);
            }
        }
    }
}
