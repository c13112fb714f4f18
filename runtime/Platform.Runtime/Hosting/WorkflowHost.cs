using Platform.Engine.Storage;
using Platform.Engine.Workflows.Runs;
using Platform.Engine.Workflows.Timers;

namespace Platform.Runtime.Hosting;

/// <summary>
/// Keeps workflows moving in this process: dispatches new outbox events into runs, runs what is due and fills the due
/// times of workflows just enabled, woken at once by every commit, by a run started by hand or retried and by due times
/// fired (Quartz runs that pump, see <see cref="SchedulerSetup"/>), and once a second in any case, for delays and retries
/// that come and for runs another node left behind. Woken, it gathers a moment first: under a stream of writes one
/// look takes the events of many commits, instead of a look and a claim for each (and, with several nodes, each
/// node's dispatcher reaching for the same few events).
/// </summary>
internal sealed class WorkflowHost(PlatformDatabase database, WorkflowDispatcher dispatcher, WorkflowRunner runner, TimerPump timers, TimerRefill refill,
    RunService runs, ILogger<WorkflowHost> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(50);
    private readonly WakeSignal _wake = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        database.Committed += Wake;
        runs.RunReady += Wake;
        timers.Fired += Wake;
        try
        {
            if (await runner.ReleaseLeftAsync(stoppingToken) is var left and > 0) logger.LogInformation("Took up {Runs} run(s) left when the process stopped.", left);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    do
                    {
                        while (await dispatcher.DispatchAsync(stoppingToken) > 0) { }
                    }
                    while (await runner.RunDueAsync(ct: stoppingToken) > 0);
                    // A page of due times for a workflow just enabled over existing records; the next turn does the next.
                    if (await refill.RunAsync(stoppingToken) > 0) Wake();
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(e, "Dispatching or running workflows failed; trying again shortly.");
                }
                if (!await _wake.WaitAsync(Poll, stoppingToken)) return;
                await Task.Delay(Gather, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            database.Committed -= Wake;
            runs.RunReady -= Wake;
            timers.Fired -= Wake;
        }
    }

    private void Wake() => _wake.Wake();
}
