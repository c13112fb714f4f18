using Platform.Engine.Notifications.Deliveries;
using Platform.Engine.Workflows.Runs;

namespace Platform.Runtime.Hosting;

/// <summary>
/// Sends the email and group-robot messages queued by workflows, woken when this node's runs took steps (only steps
/// queue messages; a record write does not wake it) and every few seconds in any case, for messages to try again,
/// those queued by another node's runs and those a stopped process had taken.
/// </summary>
internal sealed class DeliveryHost(WorkflowRunner runner, DeliveryService deliveries, ILogger<DeliveryHost> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);
    private readonly WakeSignal _wake = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        runner.Worked += Wake;
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
            runner.Worked -= Wake;
        }
    }

    private void Wake() => _wake.Wake();
}
