using NUnit.Framework;
using Platform.Engine.Workflows.Runs;
using Platform.Engine.Workflows.Timers;

namespace Platform.Testing;

/// <summary>The workflow host's loop, driven by hand: events dispatched, due times fired and refilled, runs run, until nothing is left to do now.</summary>
public static class WorkflowSettling
{
    public static async Task SettleAsync(WorkflowDispatcher dispatcher, TimerPump pump, TimerRefill refill, WorkflowRunner runner)
    {
        for (var round = 0; round < 100; round++)
        {
            var moved = 0;
            while (await dispatcher.DispatchAsync() is var taken and > 0) moved += taken;
            while (await pump.FireDueAsync() is var fired and > 0) moved += fired;
            while (await refill.RunAsync() is var filled and > 0) moved += filled;
            if (moved == 0 && await runner.RunDueAsync() == 0) return;
        }
        Assert.Fail("The workflows did not settle in 100 rounds.");
    }
}
