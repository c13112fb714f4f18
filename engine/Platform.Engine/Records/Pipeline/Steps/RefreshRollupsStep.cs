using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Records.Query;

namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>
/// A related record created, changed, deleted or restored: the records it points at (before and after the change) whose
/// forms roll it up are recomputed in the same transaction, through the pipeline, as a recompute on behalf of whoever
/// made the change, so a count of follow-ups is never behind the follow-ups.
/// </summary>
internal sealed class RefreshRollupsStep(RecordStore store) : BuiltInStep("refresh-rollups", StepOrder.RefreshDependents + 10, WriteKind.Any, needsValidInput: true)
{
    public override async ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        var model = batch.Model;
        if (model.Links is null || batch.Depth >= RefreshDependentsStep.MaxLookupDepth) return;
        var written = batch.Items.Where(i => i.Result is not null && !i.Unchanged).ToList();
        if (written.Count == 0) return;
        var parents = await model.Links.RollupParentsAsync(model.Key, ct);
        if (parents.Count == 0) return;
        var work = batch.RequireWork();
        await work.Commands.FlushAsync(ct);
        var caller = batch.Caller.RecomputeFor($"rollup:{model.Key}");
        foreach (var parent in parents)
            foreach (var via in parent.Definition.Fields.OfType<RollupField>().Where(r => r.From == model.Key).GroupBy(r => r.Via))
            {
                var reads = via.SelectMany(Reads).Append(via.Key).ToHashSet(StringComparer.Ordinal);
                var ids = new SortedSet<long>();
                foreach (var item in written)
                {
                    // An update that touches nothing a rollup reads leaves the rollups as they are.
                    if (batch.Kind == WriteKind.Update && !item.Changes.Any(c => reads.Contains(c.Field))) continue;
                    if (item.Current?.Values.GetValueOrDefault(via.Key) is long before) ids.Add(before);
                    if (item.Result!.Values.GetValueOrDefault(via.Key) is long after) ids.Add(after);
                }
                var records = new List<RecordData>();
                foreach (var id in ids) records.AddRange(await store.ReadAllAsync(work, parent, Condition.Of(SystemFields.Id, "eq", id), ct));
                if (records.Count == 0) continue;
                await store.Pipeline.RunAsync(new RecordWriteBatch(WriteKind.Recompute, parent, caller, batch.Now, batch.Script,
                    records.Select(RecordWrite.Recompute).ToList(), work)
                { Depth = batch.Depth + 1 }, ct);
            }
    }

    /// <summary>The fields of the related records a rollup reads.</summary>
    private static IEnumerable<string> Reads(RollupField rollup) =>
        rollup.Where.Keys.Append(rollup.DateField ?? SystemFields.CreatedAt).Concat(rollup.Field is { } field ? [field] : []);
}
