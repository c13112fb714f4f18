using Platform.Engine.Notifications;
using Platform.Engine.Records.Pipeline;
using Platform.Engine.Users;

namespace Platform.Engine.Workflows.Churn;

/// <summary>
/// The workflow engine's step after a record's churn level is written: when it rises to a level (a write, or the daily
/// look again), that level's audience is told in the write's transaction (the owner, the owner's managers, the people
/// in user fields), once per rise, unless the owner answered a warning within the snooze time.
/// </summary>
public sealed class ChurnWarningsStep(ChurnSnoozes snoozes, NotificationService notifications, DepartmentService departments) : IRecordStep
{
    public string Name => "churn-warnings";

    public int Order => StepOrder.LogChange + 25;

    public WriteKind AppliesTo => WriteKind.Change | WriteKind.Recompute;

    public bool NeedsValidInput => true;

    public async ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        if (batch.Model.Definition.Churn is not { } rules) return;
        var work = batch.RequireWork();
        var order = rules.Levels.Select(l => l.Level).ToList();
        foreach (var item in batch.Items.Where(i => i.Result is not null && !i.Unchanged))
        {
            var record = item.Result!;
            var before = item.Current?.Values.GetValueOrDefault(rules.LevelField) as string;
            if (record.Values.GetValueOrDefault(rules.LevelField) is not string after || order.IndexOf(after) <= order.IndexOf(before ?? "")) continue;
            if (await snoozes.SnoozedAsync(work, batch.Model.FormId, record.Id, batch.Now.UtcDateTime, ct)) continue;
            var level = rules.Levels.First(l => l.Level == after);
            // The record as people know it: its first text field, else its number.
            var name = batch.Model.Fields.FirstOrDefault(f => f.Definition is Forms.Fields.TextField) is { } title && record.Values.GetValueOrDefault(title.Key) is string text
                ? text : $"#{record.Id}";
            foreach (var user in await AudienceAsync(level, record, ct))
                await notifications.TellInAsync(work, user, "churn.warning", [after, name], null, new NotificationLink(batch.Model.AppKey, batch.Model.Key, record.Id),
                    $"churn:{batch.Model.FormId}:{record.Id}:{record.Version}:{user}", ct);
        }
    }

    private async Task<IReadOnlyList<long>> AudienceAsync(Forms.ChurnLevel level, Records.RecordData record, CancellationToken ct)
    {
        var users = new List<long>();
        foreach (var audience in level.Notify)
        {
            if (audience == "owner" && record.Owner is { } owner) users.Add(owner);
            else if (audience == "manager" && record.Owner is { } managed) users.AddRange(await departments.ManagersOfAsync(managed, ct));
            else if (record.Values.GetValueOrDefault(audience) switch { long id => [id], IEnumerable<long> ids => ids, _ => [] } is var people) users.AddRange(people);
        }
        return users.Distinct().ToList();
    }
}
