using Dapper;
using Platform.Engine.Storage;

namespace Platform.Runtime.Web;

/// <summary>
/// Which forms' records changed, as every node can tell: the outbox every write of a record adds to, read twice a second
/// from where it was last read (its newest events only, by their ids). Pages showing a form's records ask to be told and
/// read them again, so a change made through another node, the API or a CLI import shows without a reload.
/// </summary>
public sealed class RecordChangeWatch(PlatformDatabase database, ILogger<RecordChangeWatch> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(500);

    /// <summary>Raised with the ids of the forms whose records changed since the last look; handlers must be quick.</summary>
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
                    last = await connection.ExecuteScalarAsync<long?>("SELECT MAX(id) FROM pf_outbox") ?? 0;
                }
                else
                {
                    var rows = (await connection.QueryAsync<(long FormId, long Newest)>(
                        "SELECT form_id, MAX(id) FROM pf_outbox WHERE id > @last GROUP BY form_id", new { last })).ToList();
                    if (rows.Count > 0)
                    {
                        last = rows.Max(r => r.Newest);
                        Changed?.Invoke(rows.Select(r => r.FormId).ToHashSet());
                    }
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Looking for changed records failed; trying again shortly.");
            }
            await Task.Delay(Every, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
