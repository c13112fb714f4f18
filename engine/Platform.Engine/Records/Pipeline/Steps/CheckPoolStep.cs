using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>
/// The public pool's rules on a claim (a record without an owner made the caller's own): claims a day, records held at
/// once, and no claiming back within the protection time. Counted in the write's transaction, one claim of a person at a
/// time (SQLite has one writer; elsewhere the claimer's row is locked first).
/// </summary>
internal sealed class CheckPoolStep(RecordStore store) : BuiltInStep("check-pool", StepOrder.CheckReferences + 20, WriteKind.Update, needsValidInput: true)
{
    public override async ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        if (batch.Model.Definition.Pool is not { } rules || batch.Caller.UserId is not { } me) return;
        var commands = batch.RequireWork().Commands;
        var dialect = store.Database.Dialect;
        var claiming = batch.Items.Where(i => i.Current is { Owner: null } && i.OwnerAfter(null) == me).ToList();
        // Where transactions run side by side, the claimer's row is locked first, so their claims are counted one at a time.
        if (claiming.Count > 0 && !dialect.SingleWriter)
            await commands.ExecuteAsync("UPDATE pf_users SET failed_sign_ins = failed_sign_ins WHERE id = @p0", [me], ct);
        foreach (var item in claiming)
        {
            var now = batch.Now.UtcDateTime;
            if (rules.ClaimsPerDay is { } perDay)
            {
                var claims = await PoolCounts.ClaimedTodayAsync(commands, dialect, batch.Model, me, batch.Now, batch.Caller.TimeZone, ct);
                if (claims >= perDay) throw new ConflictException("pool.claimsPerDay", perDay);
            }
            if (rules.MaxHeld is { } most)
            {
                var held = await PoolCounts.HeldAsync(commands, dialect, batch.Model, me, ct);
                if (held >= most) throw new ConflictException("pool.maxHeld", most);
            }
            if (rules.ProtectDays is { } days && days > 0)
            {
                var left = dialect.FromDb(ColumnType.DateTime, await commands.ScalarAsync(
                    "SELECT MAX(at) FROM pf_pool_history WHERE form_id = @p0 AND record_id = @p1 AND owner_before = @p2 AND action IN ('returned', 'taken')",
                    [batch.Model.FormId, item.Current!.Id, me], ct) is var at && at is not DBNull ? at : null) as DateTime?;
                if (left is { } since && since.AddDays(days) > now)
                    throw new ConflictException("pool.protected", Validation.Messages.Day(since), Validation.Messages.Day(since.AddDays(days)));
            }
        }
    }
}
