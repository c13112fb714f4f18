using System.Diagnostics;

namespace Platform.Benchmarks;

/// <summary>One operation measured on the platform and on raw SQL in the same run.</summary>
public sealed record Measurement(string Database, string Operation, string Unit, double Platform, double Raw, bool HigherIsBetter)
{
    /// <summary>Platform as a share of raw: for throughput platform/raw, for latency raw/platform (1.0 = as fast).</summary>
    public double Ratio => HigherIsBetter ? Platform / Raw : Raw / Platform;
}

/// <summary>Median latencies from many timed calls.</summary>
public sealed class Latencies
{
    private readonly List<double> _milliseconds = [];

    public async Task TimeAsync(Func<Task> operation)
    {
        var start = Stopwatch.GetTimestamp();
        await operation();
        _milliseconds.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    public double Median
    {
        get
        {
            var sorted = _milliseconds.Order().ToList();
            return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }

    public double P95 => _milliseconds.Order().ElementAtOrDefault((int)(_milliseconds.Count * 0.95));
}

/// <summary>What a piece of work costs a process: its time and the most memory it added.</summary>
public static class Footprint
{
    /// <summary>How long <paramref name="work"/> takes and the most working set it adds, sampled every 20 ms.</summary>
    public static async Task<(double Seconds, double Megabytes)> MeasureAsync(Func<Task> work)
    {
        GC.Collect();
        var process = System.Diagnostics.Process.GetCurrentProcess();
        process.Refresh();
        var start = process.WorkingSet64;
        var peak = start;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(20);
            }
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await work();
        var seconds = clock.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        return (seconds, (peak - start) / 1024.0 / 1024.0);
    }
}
