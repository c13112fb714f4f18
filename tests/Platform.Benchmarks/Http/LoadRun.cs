using System.Diagnostics;

namespace Platform.Benchmarks.Http;

/// <summary>What one operation did under load: throughput and latencies as each client saw them.</summary>
public sealed record LoadResult(string Operation, int Clients, double RequestsPerSecond, double RowsPerSecond, double MedianMs, double P99Ms, long Errors, string? FirstError,
    double P90Ms = 0, double P999Ms = 0, double MaxMs = 0);

/// <summary>
/// Closed-loop load: N clients, each sending its next request as soon as the last one is answered, for a fixed
/// time after a warm-up. An <see cref="HttpClient"/> loop per client, on the same machine as the server.
/// </summary>
public sealed class LoadRun(HttpClient client, TimeSpan duration, TimeSpan warmUp)
{
    public async Task<LoadResult> RunAsync(string operation, int clients, Func<int, long, HttpRequestMessage> request, int rowsPerRequest = 1)
    {
        await LoopAsync(clients, warmUp, request, measure: false);
        var (latencies, errors, firstError, elapsed) = await LoopAsync(clients, duration, request, measure: true);
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Percentile(double p) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)(all.Length * p))];
        var perSecond = all.Length / elapsed.TotalSeconds;
        return new LoadResult(operation, clients, perSecond, perSecond * rowsPerRequest, Percentile(0.5), Percentile(0.99), errors, firstError,
            Percentile(0.9), Percentile(0.999), all.Length == 0 ? double.NaN : all[^1]);
    }

    private async Task<(List<double>[] Latencies, long Errors, string? FirstError, TimeSpan Elapsed)> LoopAsync(int clients, TimeSpan time,
        Func<int, long, HttpRequestMessage> request, bool measure)
    {
        var latencies = Enumerable.Range(0, clients).Select(_ => new List<double>(100_000)).ToArray();
        long errors = 0;
        string? firstError = null;
        var started = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            for (long n = 0; started.Elapsed < time; n++)
            {
                using var message = request(c, n);
                var start = Stopwatch.GetTimestamp();
                // The body is read to its end and thrown away, as wrk does: decoding it would take the server's CPU (same cores).
                using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}", null);
                    continue;
                }
                await using (var body = await response.Content.ReadAsStreamAsync()) await body.CopyToAsync(Stream.Null);
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (measure) latencies[c].Add(ms);
            }
        })).ToList();
        await Task.WhenAll(loops);
        return (latencies, errors, firstError, started.Elapsed);
    }
}
