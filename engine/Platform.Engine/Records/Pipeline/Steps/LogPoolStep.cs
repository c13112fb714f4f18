using Platform.Engine.Storage;

namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>
/// The public pool's history, in the write's transaction: a record claimed (taken from the pool by the caller), assigned
/// (from the pool to someone else), returned (given back by its owner, with the reason) or taken (put back by someone
/// else: a workflow, a manager).
/// </summary>
internal sealed class LogPoolStep(RecordStore store) : BuiltInStep("log-pool", StepOrder.LogChange + 6, WriteKind.Update, needsValidInput: true)
{
    private readonly string _insert = store.Database.Dialect.Insert("pf_pool_history",
        ["form_id", "record_id", "action", "user_id", "owner_before", "owner_after", "reason", "actor_kind", "actor_ref", "at"]);

    public override async ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        var commands = batch.RequireWork().Commands;
        // A person's own claim or return (or a claim step's, for its person); a workflow's other moves are assignments or takings back.
        var me = batch.Caller.Actor.Kind == Actor.UserKind ? batch.Caller.UserId : null;
        foreach (var item in batch.Items.Where(i => i.Result is not null && !i.Unchanged && i.Current is not null))
        {
            var (before, after) = (item.Current!.Owner, item.Result!.Owner);
            if (before == after || (before is not null && after is not null)) continue;
            var action = after is null ? (before == me ? "returned" : "taken") : (after == me || item.Claims && after == batch.Caller.UserId ? "claimed" : "assigned");
            await commands.QueueAsync(_insert, [batch.Model.FormId, item.Result.Id, action, batch.Caller.UserId, before, after, item.Reason, batch.Caller.Actor.Kind,
                batch.Caller.Actor.Ref, store.Database.Dialect.ToDb(ColumnType.DateTime, item.Result.UpdatedAt)], ct);
        }
    }
}
