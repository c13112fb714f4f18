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
