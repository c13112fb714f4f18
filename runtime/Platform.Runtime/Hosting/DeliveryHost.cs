using Platform.Engine.Notifications.Deliveries;
using Platform.Engine.Storage;

namespace Platform.Runtime.Hosting;

/// <summary>
/// Sends the email and group-robot messages queued by workflows, woken by every commit and every few seconds in any
/// case, for messages to try again and for those a stopped process had taken.
/// </summary>
internal sealed class DeliveryHost(PlatformDatabase database, DeliveryService deliveries, ILogger<DeliveryHost> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);
    private readonly WakeSignal _wake = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        database.Committed += Wake;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    while (await deliveries.SendDueAsync(ct: stoppingToken) > 0) { }
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(e, "Sending messages failed; trying again shortly.");
                }
                if (!await _wake.WaitAsync(Poll, stoppingToken)) return;
            }
        }
        finally
        {
            database.Committed -= Wake;
        }
    }

    private void Wake() => _wake.Wake();
}
