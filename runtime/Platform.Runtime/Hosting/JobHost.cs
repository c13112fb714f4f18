using Platform.Engine.Jobs;

namespace Platform.Runtime.Hosting;

/// <summary>
/// Runs background jobs in this process as they are queued, every few seconds for jobs a stopped process left, and queues
/// the daily look again of tag rules.
/// </summary>
internal sealed class JobHost(JobService jobs, Platform.Engine.Apps.DailyRecompute daily, TimeProvider clock, ILogger<JobHost> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DailyCheck = TimeSpan.FromHours(1);
    private readonly WakeSignal _wake = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        jobs.Queued += _wake.Wake;
        DateTimeOffset? checkedDaily = null;
        try
        {
            do
            {
                try
                {
                    // Tag rules that change with time alone are looked at again once a day (checked hourly, so a day is never missed).
                    if (checkedDaily is null || clock.GetUtcNow() - checkedDaily >= DailyCheck)
                    {
                        await daily.EnqueueDueAsync(stoppingToken);
                        checkedDaily = clock.GetUtcNow();
                    }
                    await jobs.RunDueAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(e, "Running background jobs failed; trying again shortly.");
                }
            }
            while (await _wake.WaitAsync(Poll, stoppingToken));
        }
        finally
        {
            jobs.Queued -= _wake.Wake;
        }
    }
}
