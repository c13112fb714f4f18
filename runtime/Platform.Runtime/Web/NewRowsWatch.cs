using Dapper;
using Platform.Engine.Storage;

namespace Platform.Runtime.Web;

/// <summary>
/// Rows added to a table that only grows (the outbox, notifications), as every node can tell: read four times a second from
/// where it was last read (the newest rows only, by their ids, grouped by <paramref name="key"/>), while some page
/// listens. Pages say which keys they show and are told when rows with those keys came — written here, on another node,
/// through the API or by a CLI import — so they show them without a reload.
/// </summary>
/// <param name="table">A platform table with an ascending <c>id</c>; a name of ours, never a user's.</param>
/// <param name="key">The column whose values listeners are told.</param>
public abstract class NewRowsWatch(PlatformDatabase database, ILogger logger, string table, string key) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(250);

    /// <summary>Raised with the keys that had rows added since the last look; handlers must be quick.</summary>
    public event Action<IReadOnlySet<long>>? Changed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long? last = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenAsync(stoppingToken);
                if (last is null)
                {
                    last = await connection.ExecuteScalarAsync<long?>($"SELECT MAX(id) FROM {table}") ?? 0;
                }
                else
                {
                    var rows = (await connection.QueryAsync<(long Key, long Newest)>(
                        $"SELECT {key}, MAX(id) FROM {table} WHERE id > @last GROUP BY {key}", new { last })).ToList();
                    if (rows.Count > 0)
                    {
                        last = rows.Max(r => r.Newest);
                        Changed?.Invoke(rows.Select(r => r.Key).ToHashSet());
                    }
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Looking for new rows of {Table} failed; trying again shortly.", table);
            }
            await Task.Delay(Every, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}

/// <summary>Which forms' records changed: the outbox every write of a record adds to, by form.</summary>
public sealed class RecordChangeWatch(PlatformDatabase database, ILogger<RecordChangeWatch> logger) : NewRowsWatch(database, logger, "pf_outbox", "form_id");

/// <summary>Who was sent a notification: the notifications table, by the person it is for.</summary>
public sealed class NotificationWatch(PlatformDatabase database, ILogger<NotificationWatch> logger) : NewRowsWatch(database, logger, "pf_notifications", "user_id");
