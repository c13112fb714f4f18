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
public sealed class ClusterBenchmark(PlatformDatabase database, string connectionString, int records, int clients, TimeSpan duration, TextWriter log)
{
    private const string Customers = "/api/apps/bench/forms/customer/records";

    public async Task<List<Measurement>> RunAsync()
    {
        var (maxId, generator) = await HttpBenchmark.LoadCustomersAsync(database, records, log);
        var root = Path.Combine(Path.GetTempPath(), $"platform-cluster-{Guid.NewGuid():N}");
        try
        {
            string[] Settings(string name) => ["--Platform:Database:Provider", "postgres", "--Platform:Database:ConnectionString", connectionString,
                "--Platform:RequestsPerSecondPerToken", "0", "--Platform:NodeName", name];
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

            async Task<Dictionary<string, LoadResult>> MeasureAsync(string setup, Uri address, string token, params RuntimeProcess[] nodes)
            {
                using var client = Client(address, token);
                var warmUp = TimeSpan.FromSeconds(5);
                var load = new LoadRun(client, duration, warmUp);
                var results = new Dictionary<string, LoadResult>();
                foreach (var (name, request) in operations)
                {
                    // CPU the nodes used, and the whole machine (the load, the proxy and PostgreSQL too), per request: more
                    // work per request, or the same work less well shared out?
                    var (nodesBefore, machineBefore) = (CpuOf(nodes), MachineCpu());
                    var result = await load.RunAsync(name, clients, request);
                    var requests = result.RequestsPerSecond * (duration + warmUp).TotalSeconds;
                    var nodesUs = (CpuOf(nodes) - nodesBefore).TotalMicroseconds / requests;
                    var machineUs = (MachineCpu() - machineBefore).TotalMicroseconds / requests;
                    results[name] = result;
                    log.WriteLine($"  {setup}, {name}: {result.RequestsPerSecond:N0} req/s, median {result.MedianMs:F1} ms, p99 {result.P99Ms:F1} ms, " +
                                  $"CPU a request: nodes {nodesUs:N0} µs, machine {machineUs:N0} µs" +
                                  (result.Errors > 0 ? $", {result.Errors} errors, first: {result.FirstError}" : ""));
                }
                return results;
            }

            await using var a = await RuntimeProcess.StartAsync(Path.Combine(root, "a"), Settings("a"));
            var token = await TokenAsync(a.Address);
            var direct = await MeasureAsync("one node", a.Address, token, a);
            Dictionary<string, LoadResult> behind;
            await using (var proxy = await ProxyProcess.StartAsync(root, a.Address, a.Address))
                behind = await MeasureAsync("one node behind the proxy", proxy.Address, token, a);
            await using var b = await RuntimeProcess.StartAsync(Path.Combine(root, "b"), Settings("b"));
            // The second node started but sent nothing: what it costs to have it there (its background work, its share of
            // the cores) apart from what splitting the requests costs.
            Dictionary<string, LoadResult> idle;
            await using (var proxy = await ProxyProcess.StartAsync(root, a.Address, a.Address))
                idle = await MeasureAsync("one node behind the proxy, a second idle beside it", proxy.Address, token, a, b);
            Dictionary<string, LoadResult> two;
            await using (var proxy = await ProxyProcess.StartAsync(root, a.Address, b.Address))
                two = await MeasureAsync("two nodes behind the proxy", proxy.Address, token, a, b);

            var measurements = new List<Measurement>();
            foreach (var (name, _) in operations)
            {
                measurements.Add(new Measurement("postgres", $"{name}: behind the proxy (platform) / direct (raw), req/s", "req/s",
                    behind[name].RequestsPerSecond, direct[name].RequestsPerSecond, HigherIsBetter: true));
                measurements.Add(new Measurement("postgres", $"{name}: a second node idle (platform) / none (raw), req/s", "req/s",
                    idle[name].RequestsPerSecond, behind[name].RequestsPerSecond, HigherIsBetter: true));
                measurements.Add(new Measurement("postgres", $"{name}: two nodes (platform) / one node (raw), both behind the proxy, req/s", "req/s",
                    two[name].RequestsPerSecond, behind[name].RequestsPerSecond, HigherIsBetter: true));
                measurements.Add(new Measurement("postgres", $"{name}: two nodes (platform) / one node (raw), both behind the proxy, p99 ms", "ms",
                    two[name].P99Ms, behind[name].P99Ms, HigherIsBetter: false));
            }
            return measurements;
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
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
