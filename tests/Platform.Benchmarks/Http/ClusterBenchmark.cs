using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Platform.Engine.Storage;
using Platform.Testing;

namespace Platform.Benchmarks.Http;

/// <summary>
/// What a second node costs: the same operations through the REST API against one runtime node on PostgreSQL, against
/// that node behind the shipped sticky proxy, and against two nodes behind it, with <c>/health/live</c> (a request that
/// does nothing) as each setup's ceiling. Every process (the nodes, the proxy, PostgreSQL, the load) shares this machine's
/// cores, so two nodes cannot be faster here; what the figures show is what the change feed, the claims and the second
/// process cost. API clients carry no cookies, so the proxy spreads their requests over the nodes.
/// </summary>
/// <param name="only">Run only the operations whose name holds this text (beside the do-nothing ceiling).</param>
public sealed class ClusterBenchmark(PlatformDatabase database, string connectionString, int records, int clients, TimeSpan duration, TextWriter log,
    string? only = null)
{
    private const string Customers = "/api/apps/bench/forms/customer/records";

    public async Task<List<Measurement>> RunAsync()
    {
        var (maxId, generator) = await HttpBenchmark.LoadCustomersAsync(database, records, log);
        var root = Path.Combine(Path.GetTempPath(), $"platform-cluster-{Guid.NewGuid():N}");
        try
        {
            string[] Settings(string name) => [.. RuntimeProcess.OnPostgres(connectionString, name), "--Platform:RequestsPerSecondPerToken", "0"];
            var next = records + 10_000_000;
            const string wonOver = """
                { "filter": { "and": [ { "field": "stage", "op": "eq", "value": "customer" }, { "field": "amount", "op": "gt", "value": 500000 } ] },
                  "sort": [ { "field": "amount", "dir": "desc" } ], "page": { "size": 50 } }
                """;
            var operations = new (string Name, Func<int, long, HttpRequestMessage> Request)[]
            {
                ("GET /health/live (does nothing)", (_, _) => new HttpRequestMessage(HttpMethod.Get, "/health/live")),
                ("get by id", (c, n) => new HttpRequestMessage(HttpMethod.Get, $"{Customers}/{1 + (c * 7919 + n * 104_729) % maxId}")),
                ("single create", (_, _) => HttpBenchmark.Post(Customers, CustomerGenerator.ToJson(generator.Make(Interlocked.Increment(ref next))).GetRawText())),
                ("filtered, sorted 50-row page", (_, _) => HttpBenchmark.Post($"{Customers}/query", wonOver)),
            };
            operations = [.. operations.Where(o => only is null || o.Name.StartsWith("GET /health", StringComparison.Ordinal) || o.Name.Contains(only, StringComparison.OrdinalIgnoreCase))];

            async Task<Dictionary<string, LoadResult>> MeasureAsync(string setup, Uri address, string token, params RuntimeProcess[] nodes)
            {
                using var client = Client(address, token);
                var warmUp = TimeSpan.FromSeconds(5);
                var load = new LoadRun(client, duration, warmUp);
                var results = new Dictionary<string, LoadResult>();
                foreach (var (name, request) in operations)
                {
                    // CPU the nodes used, and the whole machine (the load, the proxy and PostgreSQL too), per request: more
                    // work per request, or the same work less well shared out? PostgreSQL's commits too: background work
                    // shows there as commits no request asked for.
                    var (nodesBefore, machineBefore, commitsBefore) = (CpuOf(nodes), MachineCpu(), await CommitsAsync());
                    var result = await load.RunAsync(name, clients, request);
                    var requests = result.RequestsPerSecond * (duration + warmUp).TotalSeconds;
                    var nodesUs = (CpuOf(nodes) - nodesBefore).TotalMicroseconds / requests;
                    var machineUs = (MachineCpu() - machineBefore).TotalMicroseconds / requests;
                    var commits = (await CommitsAsync() - commitsBefore) / requests;
                    results[name] = result;
                    log.WriteLine($"  {setup}, {name}: {result.RequestsPerSecond:N0} req/s, median {result.MedianMs:F1} ms, p99 {result.P99Ms:F1} ms, " +
                                  $"CPU a request: nodes {nodesUs:N0} µs, machine {machineUs:N0} µs; PostgreSQL commits a request {commits:F2}" +
                                  (result.Errors > 0 ? $", {result.Errors} errors, first: {result.FirstError}" : ""));
                }
                return results;
            }

            // Both nodes run from the start, so every setup has the same processes on the machine (the second idle where
            // one node serves), and both have served every operation before anything is measured: a node that never
            // served a create is still compiling its code (tiered JIT) on the same two cores while it is measured.
            await using var a = await RuntimeProcess.StartAsync(Path.Combine(root, "a"), Settings("a"));
            await using var b = await RuntimeProcess.StartAsync(Path.Combine(root, "b"), Settings("b"));
            var token = await TokenAsync(a.Address);
            foreach (var node in new[] { a, b })
            {
                using var client = Client(node.Address, token);
                foreach (var (name, request) in operations) await new LoadRun(client, TimeSpan.FromSeconds(5), TimeSpan.Zero).RunAsync(name, clients, request);
            }
            var direct = await MeasureAsync("one node direct", a.Address, token, a);
            await using var single = await ProxyProcess.StartAsync(root, a.Address, a.Address);
            await using var pair = await ProxyProcess.StartAsync(root, a.Address, b.Address);
            // Rounds in turn (one, two; two, one; …): what this machine does meanwhile (PostgreSQL's checkpoints, its cache
            // filling as the table grows) falls on both setups alike; each setup's figure is the median of its rounds.
            var (behindRounds, twoRounds) = (new List<Dictionary<string, LoadResult>>(), new List<Dictionary<string, LoadResult>>());
            for (var round = 1; round <= Rounds; round++)
            {
                foreach (var two in round % 2 == 1 ? new[] { false, true } : [true, false])
                {
                    if (two) twoRounds.Add(await MeasureAsync($"round {round}, two nodes behind the proxy", pair.Address, token, a, b));
                    else behindRounds.Add(await MeasureAsync($"round {round}, one node behind the proxy", single.Address, token, a, b));
                }
            }
            var behind = Median(behindRounds);
            var twoNodes = Median(twoRounds);

            var measurements = new List<Measurement>();
            foreach (var (name, _) in operations)
            {
                measurements.Add(new Measurement("postgres", $"{name}: behind the proxy (platform) / direct (raw), req/s", "req/s",
                    behind[name].RequestsPerSecond, direct[name].RequestsPerSecond, HigherIsBetter: true));
                measurements.Add(new Measurement("postgres", $"{name}: two nodes (platform) / one node (raw), both behind the proxy, req/s", "req/s",
                    twoNodes[name].RequestsPerSecond, behind[name].RequestsPerSecond, HigherIsBetter: true));
                measurements.Add(new Measurement("postgres", $"{name}: two nodes (platform) / one node (raw), both behind the proxy, p99 ms", "ms",
                    twoNodes[name].P99Ms, behind[name].P99Ms, HigherIsBetter: false));
            }
            return measurements;
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    private const int Rounds = 5;

    /// <summary>Each operation's result of the median round by throughput.</summary>
    private static Dictionary<string, LoadResult> Median(List<Dictionary<string, LoadResult>> rounds) =>
        rounds[0].Keys.ToDictionary(name => name, name => rounds.Select(r => r[name]).OrderBy(r => r.RequestsPerSecond).ElementAt(rounds.Count / 2));

    /// <summary>The transactions the database committed since its statistics were reset (every connection's, this one's too).</summary>
    private async Task<double> CommitsAsync()
    {
        await using var connection = await database.OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
    }

    private static TimeSpan CpuOf(RuntimeProcess[] nodes) =>
        nodes.Aggregate(TimeSpan.Zero, (sum, node) => sum + System.Diagnostics.Process.GetProcessById(node.Id).TotalProcessorTime);

    /// <summary>CPU time every core spent busy since boot (<c>/proc/stat</c>: all but idle and iowait), on Linux.</summary>
    private static TimeSpan MachineCpu()
    {
        var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray(); // user … steal
        var busy = ticks.Sum() - ticks[3] - ticks[4];
        return TimeSpan.FromSeconds(busy / 100.0); // USER_HZ
    }

    private static async Task<string> TokenAsync(Uri node)
    {
        using var client = new HttpClient { BaseAddress = node };
        var answer = await client.PostAsJsonAsync("/api/auth/token", new { email = RuntimeProcess.AdminEmail, password = RuntimeProcess.AdminPassword });
        answer.EnsureSuccessStatusCode();
        return (await answer.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
    }

    // No cookies: an API client is not kept on one node by the proxy's affinity cookie.
    private static HttpClient Client(Uri address, string token) =>
        new(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 1000, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(100),
            DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
        };
}
