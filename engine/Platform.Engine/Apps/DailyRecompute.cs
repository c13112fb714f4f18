using Dapper;
using Platform.Engine.Jobs;
using Platform.Engine.Storage;

namespace Platform.Engine.Apps;

/// <summary>
/// Once a day, every form whose tag rules or rollups may change with time alone ("no contact for 30 days" reads TODAY(),
/// "follow-ups in the last 30 days" loses one as it ages) is recomputed by a background job, so a tag or a count turns
/// on its day even if nobody writes the record. One such job per form and day (two nodes asking at the same moment may both queue one: running it twice
/// changes nothing more).
/// </summary>
public sealed class DailyRecompute(PlatformDatabase database, JobService jobs, TimeProvider clock, TimeZoneInfo zone)
{
    public const string Reason = "tag-rules:daily";

    /// <summary>Queues today's job for each form with tag rules that has none yet; returns how many it queued.</summary>
    public async Task<int> EnqueueDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var dayStart = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local.Date, DateTimeKind.Unspecified), zone);
        var due = new List<(string App, string Form)>();
        await using (var connection = await database.OpenAsync(ct))
        {
            var apps = await connection.QueryAsync<(long Id, string Key)>("SELECT id, app_key FROM pf_apps WHERE deleted_at IS NULL ORDER BY id");
            foreach (var (id, key) in apps)
                foreach (var (form, definition) in await FormService.CurrentDefinitionsAsync(connection, id))
                    if ((definition.TagRules.Count > 0 || definition.Churn is not null
                         || definition.Fields.OfType<Forms.Fields.RollupField>().Any(r => r.WithinDays is not null))
                        && await connection.ExecuteScalarAsync<long>(
                            "SELECT COUNT(*) FROM pf_jobs WHERE kind = @kind AND app_key = @key AND form_key = @form AND argument = @reason AND created_at >= @dayStart",
                            new { kind = RecomputeJob.Name, key, form, reason = Reason, dayStart = database.Dialect.ToDb(ColumnType.DateTime, dayStart) }) == 0)
                        due.Add((key, form));
        }
        foreach (var (app, form) in due) await jobs.EnqueueAsync(new NewJob(RecomputeJob.Name, app, form, Reason, null), ct);
        return due.Count;
    }
}
