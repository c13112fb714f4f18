using Platform.Engine.Storage;

namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>
/// Every move of a record's stage, in the write's transaction: from, to, who (and which actor), when and at which version
/// of the record. Funnels and time-in-stage read it; a workflow started by the change reads which move it was.
/// </summary>
internal sealed class LogStagesStep(RecordStore store) : BuiltInStep("log-stages", StepOrder.LogChange + 5, WriteKind.Change, needsValidInput: true)
{
    private readonly string _insert = store.Database.Dialect.Insert("pf_stage_history",
        ["form_id", "record_id", "record_version", "field_key", "from_stage", "to_stage", "user_id", "actor_kind", "actor_ref", "at"]);

    public override async ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        var stages = batch.Model.StageFields.ToList();
        if (stages.Count == 0) return;
        var commands = batch.RequireWork().Commands;
        foreach (var item in batch.Items.Where(i => i.Result is not null && !i.Unchanged))
            foreach (var field in stages)
            {
                var before = item.Current?.Values.GetValueOrDefault(field.Key) as string;
                var after = item.Result!.Values.GetValueOrDefault(field.Key) as string;
                if (before == after) continue;
                var actor = batch.Caller.Actor;
                await commands.QueueAsync(_insert, [batch.Model.FormId, item.Result.Id, item.Result.Version, field.Key, before, after, item.Result.UpdatedBy,
                actor.Kind, actor.Ref, store.Database.Dialect.ToDb(ColumnType.DateTime, item.Result.UpdatedAt)], ct);
            }
    }
}
