using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Dapper;
using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Records;
using Platform.Engine.Scripting;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Dialects;
using Platform.Engine.Storage.Schema;
using Platform.Engine.Users;
using Platform.Testing;

namespace Platform.Benchmarks.Http;

/// <summary>
/// The real runtime on loopback over an embedded SQLite database of <c>records</c> customers (loaded through the
/// engine first), measured through its REST API by N clients: each operation's throughput, median and p99, with
/// <c>GET /health</c> in the same run as the ceiling of the HTTP stack on this machine.
/// </summary>
/// <param name="keep">A folder to keep the loaded database in and reuse on the next run (the load takes minutes at 1M).</param>
/// <param name="only">Run only the operations whose name holds this text.</param>
/// <param name="workflows">Ten workflows enabled on the customers first (on creation, on changes, on dates, on conditions held).</param>
public sealed class HttpBenchmark(int records, int clients, TimeSpan duration, TextWriter log, string? keep = null, string? only = null, bool workflows = false)
{
    private const string Customers = "/api/apps/bench/forms/customer/records";

    public async Task<List<LoadResult>> RunAsync()
    {
        var data = keep ?? Path.Combine(Path.GetTempPath(), $"platform-http-{Guid.NewGuid():N}");
        try
        {
            var (maxId, generator) = File.Exists(Path.Combine(data, "platform.db")) ? await ReuseAsync(data) : await LoadAsync(data);
            // One token for every client: the load is the point, so the per-token rate limit is off.
            await using var runtime = await RuntimeProcess.StartAsync(data, "--Platform:RequestsPerSecondPerToken", "0");
            using var client = await runtime.SignInAsync();
            if (workflows) await EnableWorkflowsAsync(client, data);
            var load = new LoadRun(client, duration, TimeSpan.FromSeconds(5));
            var results = new List<LoadResult>();
            async Task Measure(string operation, int n, Func<int, long, HttpRequestMessage> request, int rows = 1)
            {
                if (only is not null && !operation.Contains(only, StringComparison.OrdinalIgnoreCase) && !operation.StartsWith("GET /health", StringComparison.Ordinal)) return;
                var result = await load.RunAsync(operation, n, request, rows);
                results.Add(result);
                log.WriteLine($"  {operation} ({n} clients): {result.RequestsPerSecond:N0} req/s, median {result.MedianMs:F1} ms, p99 {result.P99Ms:F1} ms" +
                              $" (p90 {result.P90Ms:F1}, p99.9 {result.P999Ms:F1}, max {result.MaxMs:F1})" +
                              (result.Errors > 0 ? $", {result.Errors} errors, first: {result.FirstError}" : ""));
            }

            var next = records + 10_000_000;
            await Measure("GET /health (ceiling)", clients, (_, _) => new HttpRequestMessage(HttpMethod.Get, "/health"));
            await Measure("get by id", clients, (c, n) => new HttpRequestMessage(HttpMethod.Get, $"{Customers}/{1 + (c * 7919 + n * 104_729) % maxId}"));
            await Measure("single create", clients, (_, _) => Post(Customers, CustomerGenerator.ToJson(generator.Make(Interlocked.Increment(ref next))).GetRawText()));
            const string wonOver = """
                "filter": { "and": [ { "field": "stage", "op": "eq", "value": "customer" }, { "field": "amount", "op": "gt", "value": 500000 } ] },
                "sort": [ { "field": "amount", "dir": "desc" } ], "page": { "size": 50 }
                """;
            await Measure("filtered, sorted 50-row page", clients, (_, _) => Post($"{Customers}/query", "{" + wonOver + "}"));
            await Measure("same page with its total count", clients, (_, _) => Post($"{Customers}/query", "{" + wonOver + ", \"count\": true }"));
            await Measure("count per stage (one stage a request)", clients, (_, n) => Post($"{Customers}/query",
                $$"""{ "filter": { "field": "stage", "op": "eq", "value": "{{CustomerForm.Stages[n % 6]}}" }, "page": { "size": 1 }, "count": true }"""));
            await Measure("quick search 星辰 (2 Chinese characters), first page", 1, (_, _) => Post($"{Customers}/query", """{ "search": "星辰" }"""));
            await Measure("quick search a phone fragment, first page", 1, (_, n) => Post($"{Customers}/query", $$"""{ "search": "{{1000 + n % 9000}}" }"""));
            foreach (var writers in new[] { 1, 4 })
            {
                await Measure("bulk insert, 100 per request", writers, (_, _) => Post($"{Customers}/batch",
                    "[" + string.Join(",", Enumerable.Range(0, 100).Select(_ => CustomerGenerator.ToJson(generator.Make(Interlocked.Increment(ref next))).GetRawText())) + "]"), rows: 100);
            }
            var (anonymous, file) = runtime.Memory();
            log.WriteLine($"  runtime memory after the run: {anonymous:N0} MB own (anonymous), {file:N0} MB mapped files and libraries");
            results.Add(new LoadResult("resident memory of the runtime, MB (own / mapped)", 0, anonymous, file, 0, 0, 0, null));
            return results;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (keep is null && Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>
    /// The ten workflows a CRM keeps on its customers, enabled through the API; returns once the timed ones have given every
    /// existing customer its due time (the background fill), so the measurement sees the steady state.
    /// </summary>
    private async Task EnableWorkflowsAsync(HttpClient client, string data)
    {
        string Notify(string key, string trigger) => $$"""
            { "key": "{{key}}", "form": "customer", "trigger": {{trigger}},
              "steps": [ { "id": "tell", "type": "notify", "to": [ { "field": "sales" } ], "title": "'Customer ' & name" } ] }
            """;
        var ten = new (string Key, string Trigger)[]
        {
            ("welcome", """{ "type": "recordCreated" }"""),
            ("bigNew", """{ "type": "recordCreated", "condition": "amount > 900000" }"""),
            ("won", """{ "type": "recordUpdated", "fields": [ "stage" ], "condition": "stage = 'customer'" }"""),
            ("big", """{ "type": "recordUpdated", "fields": [ "amount" ], "condition": "amount > 1000000" }"""),
            ("moved", """{ "type": "recordUpdated", "fields": [ "city" ] }"""),
            ("scored", """{ "type": "recordUpdated", "fields": [ "score" ], "condition": "score > 90" }"""),
            ("followUp", """{ "type": "date", "field": "lastActivity", "days": 30 }"""),
            ("anniversary", """{ "type": "date", "field": "firstContact", "yearly": true }"""),
            ("stale", """{ "type": "conditionHeld", "condition": "stage = 'lead'", "days": 3 }"""),
            ("cold", """{ "type": "conditionHeld", "condition": "score < 10", "days": 14 }"""),
        };
        foreach (var (key, trigger) in ten)
        {
            (await client.PutAsync($"/api/apps/bench/workflows/{key}", new StringContent(Notify(key, trigger), Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            (await client.PostAsync($"/api/apps/bench/workflows/{key}/enable", null)).EnsureSuccessStatusCode();
        }
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(data, "platform.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        while (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pf_workflows WHERE refill_after IS NOT NULL") > 0) await Task.Delay(1000);
        log.WriteLine($"  10 workflows enabled; due times of the existing customers filled in {watch.Elapsed.TotalSeconds:F0} s " +
                      $"({await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pf_timers"):N0} due times)");
    }

    /// <summary>A database kept from an earlier run: the ids the generator needs, read back.</summary>
    private static async Task<(long MaxId, CustomerGenerator Generator)> ReuseAsync(string data)
    {
        await using var database = new PlatformDatabase(new SqliteDialect(), $"Data Source={Path.Combine(data, "platform.db")}");
        var forms = new FormService(database, new ScriptSandbox(), TimeProvider.System);
        var company = await forms.GetModelAsync("bench", "company");
        var customer = await forms.GetModelAsync("bench", "customer");
        await using var connection = await database.OpenAsync();
        async Task<List<long>> Ids(string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var ids = new List<long>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) ids.Add(reader.GetInt64(0));
            return ids;
        }
        var companies = await Ids($"SELECT id FROM \"{company.Table}\" ORDER BY id");
        var users = await Ids("SELECT id FROM pf_users WHERE email LIKE 'sales%' ORDER BY id");
        var maxId = (await Ids($"SELECT MAX(id) FROM \"{customer.Table}\""))[0];
        return (maxId, new CustomerGenerator(companies, users));
    }

    internal static HttpRequestMessage Post(string url, string json) => new(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    /// <summary>The database the runtime will open: the admin, sales users, companies and the customers, through the engine.</summary>
    private async Task<(long MaxId, CustomerGenerator Generator)> LoadAsync(string data)
    {
        Directory.CreateDirectory(data);
        await using var database = new PlatformDatabase(new SqliteDialect(), $"Data Source={Path.Combine(data, "platform.db")}");
        var loaded = await LoadCustomersAsync(database, records, log);
        await using var connection = await database.OpenAsync();
        await using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);";
        await analyze.ExecuteNonQueryAsync();
        return loaded;
    }

    /// <summary>
    /// Migrates <paramref name="database"/> and loads it through the engine: the admin, 200 sales users, 1,000 companies and
    /// <paramref name="records"/> customers; returns the newest customer's id and the generator that made them.
    /// </summary>
    public static async Task<(long MaxId, CustomerGenerator Generator)> LoadCustomersAsync(PlatformDatabase database, int records, TextWriter log)
    {
        await SystemSchema.MigrateAsync(database);
        var clock = TimeProvider.System;
        var sandbox = new ScriptSandbox();
        await new UserService(database, clock).CreateAsync(RuntimeProcess.AdminEmail, RuntimeProcess.AdminPassword, "Admin", isAdmin: true);
        var users = await RecordBenchmark.AddUsersAsync(database, 200);
        await new AppService(database, clock).CreateAsync("bench", "Bench", null);
        var forms = new FormService(database, sandbox, clock);
        await forms.PublishAsync("bench", FormJson.Parse(CustomerForm.Company));
        // The composite index the filtered, sorted page asks for, declared as a form designer would.
        await forms.PublishAsync("bench", FormJson.Parse(CustomerForm.Customer) with { Indexes = [new FormIndex { Fields = ["stage", "amount"] }] });
        var service = new RecordService(database, sandbox, clock);
        // Loaded as an import of existing customers is: the change events written already dispatched, so the runtime starts on
        // a database in its steady state rather than with a million events to hand its dispatcher during the measurements.
        var caller = new CallerContext(Actor.Import("benchmark-load", 1) with { StartsWorkflows = false });
        var company = await forms.GetModelAsync("bench", "company");
        var customer = await forms.GetModelAsync("bench", "customer");
        var companies = (await service.CreateManyAsync(company,
            Enumerable.Range(0, 1000).Select(n => JsonSerializer.SerializeToElement(new { name = $"Company {n}", city = "杭州" })).ToList(), caller)).Select(r => r.Id).ToList();
        var generator = new CustomerGenerator(companies, users);
        var progress = Stopwatch.StartNew();
        long maxId = 0;
        for (var i = 0; i < records; i += 1000)
        {
            var created = await service.CreateManyAsync(customer, Enumerable.Range(i, Math.Min(1000, records - i)).Select(n => CustomerGenerator.ToJson(generator.Make(n))).ToList(), caller);
            maxId = created[^1].Id;
            if (progress.Elapsed.TotalSeconds > 15)
            {
                log.WriteLine($"  loaded {i + 1000:N0} of {records:N0}");
                progress.Restart();
            }
        }
        return (maxId, generator);
    }
}
