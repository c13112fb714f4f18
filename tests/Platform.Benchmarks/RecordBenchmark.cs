using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Scripting;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Schema;

namespace Platform.Benchmarks;

/// <summary>
/// Loads the customer form to the asked size through the record service and through raw SQL,
/// chunk by chunk in turn (so both meet the same table size and the same machine noise), then
/// times single creates, a filtered sorted page and get by id the same way.
/// </summary>
public sealed class RecordBenchmark(PlatformDatabase database, int records, TextWriter log)
{
    private const int Chunk = 1000;
    private const int Users = 200;
    private const int Companies = 1000;

    public async Task<List<Measurement>> RunAsync()
    {
        await SystemSchema.MigrateAsync(database);
        var clock = TimeProvider.System;
        var sandbox = new ScriptSandbox();
        var apps = new AppService(database, clock);
        var forms = new FormService(database, sandbox, clock);
        var service = new RecordService(database, sandbox, clock);
        var context = CallerContext.ForUser(1);

        await apps.CreateAsync("bench", "Bench", null);
        await forms.PublishAsync("bench", FormJson.Parse(CustomerForm.Company));
        await forms.PublishAsync("bench", FormJson.Parse(CustomerForm.Customer));
        var company = await forms.GetModelAsync("bench", "company");
        var customer = await forms.GetModelAsync("bench", "customer");
        var users = await AddUsersAsync(database, Users);
        var companies = new List<long>();
        for (var i = 0; i < Companies; i += Chunk)
            companies.AddRange((await service.CreateManyAsync(company,
                Enumerable.Range(i, Chunk).Select(n => JsonSerializer.SerializeToElement(new { name = $"Company {n}", city = "杭州" })).ToList(), context)).Select(r => r.Id));

        var generator = new CustomerGenerator(companies, users);
        var raw = new RawSql(database, customer, company);

        // Bulk insert: alternate 1,000-record chunks.
        var platformTicks = 0L;
        var rawTicks = 0L;
        var loaded = 0;
        var progress = Stopwatch.StartNew();
        while (loaded < records)
        {
            var rawChunk = Enumerable.Range(loaded, Chunk).Select(generator.Make).ToList();
            var start = Stopwatch.GetTimestamp();
            await raw.InsertAsync(rawChunk, 1);
            rawTicks += Stopwatch.GetTimestamp() - start;
            loaded += Chunk;

            var payloads = Enumerable.Range(loaded, Chunk).Select(i => CustomerGenerator.ToJson(generator.Make(i))).ToList();
            start = Stopwatch.GetTimestamp();
            await service.CreateManyAsync(customer, payloads, context);
            platformTicks += Stopwatch.GetTimestamp() - start;
            loaded += Chunk;

            if (progress.Elapsed.TotalSeconds > 10)
            {
                log.WriteLine($"  {database.Dialect.Name}: {loaded:N0} of {records:N0} loaded");
                progress.Restart();
            }
        }
        var half = loaded / 2.0;
        var results = new List<Measurement>
        {
            new(database.Dialect.Name, "bulk insert (1,000 per transaction)", "records/s",
                half / (platformTicks / (double)Stopwatch.Frequency), half / (rawTicks / (double)Stopwatch.Frequency), HigherIsBetter: true),
        };
        await AnalyzeAsync();

        // Single creates, each its own transaction.
        var single = new Latencies();
        var singleRaw = new Latencies();
        for (var i = 0; i < 500; i++)
        {
            var c = generator.Make(records + i);
            await singleRaw.TimeAsync(() => raw.InsertAsync([c], 1));
            var json = CustomerGenerator.ToJson(generator.Make(records + 1000 + i));
            await single.TimeAsync(() => service.CreateAsync(customer, json, context));
        }
        results.Add(new(database.Dialect.Name, "single create", "ms median", single.Median, singleRaw.Median, HigherIsBetter: false));

        // A sales rep's pipeline: their customers in three stages, largest first, 50 a page.
        var page = new Latencies();
        var pageRaw = new Latencies();
        var rows = 0;
        for (var i = 0; i < 300; i++)
        {
            var user = users[i % users.Count];
            string[] stages = [CustomerForm.Stages[i % 6], CustomerForm.Stages[(i + 2) % 6], CustomerForm.Stages[(i + 4) % 6]];
            var request = new QueryRequest
            {
                Filter = new AndFilter([Condition.Of("sales", "eq", user), Condition.Of("stage", "in", stages)]),
                Sort = [new SortKey("amount", true)],
                PageSize = 50,
            };
            await pageRaw.TimeAsync(async () => rows += await raw.PageAsync(user, stages));
            await page.TimeAsync(async () => rows += (await service.QueryAsync(customer, request, context)).Items.Count);
        }
        results.Add(new(database.Dialect.Name, "filtered, sorted 50-row page", "ms median", page.Median, pageRaw.Median, HigherIsBetter: false));

        // Get by id, ids spread over the whole table.
        var get = new Latencies();
        var getRaw = new Latencies();
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var id = random.NextInt64(1, records);
            await getRaw.TimeAsync(() => raw.GetAsync(id));
            await get.TimeAsync(() => service.GetAsync(customer, id, context));
        }
        results.Add(new(database.Dialect.Name, "get by id", "ms median", get.Median, getRaw.Median, HigherIsBetter: false));

        // Quick search's first page, 50 records in id order: two Chinese characters (in a fifth of the records the platform
        // stored; the raw side's rows have no search document) and 4-digit phone fragments.
        foreach (var (operation, term) in new (string, Func<int, string>)[]
                 {
                     ("quick search 星辰 (2 Chinese characters), first page", _ => "星辰"),
                     ("quick search a phone fragment, first page", i => (1000 + i * 7919 % 9000).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                 })
        {
            var search = new Latencies();
            var searchRaw = new Latencies();
            for (var i = 0; i < 200; i++)
            {
                await searchRaw.TimeAsync(() => raw.SearchAsync(term(i)));
                await search.TimeAsync(() => service.QueryAsync(customer, new QueryRequest { Search = term(i), PageSize = 50 }, context));
            }
            results.Add(new(database.Dialect.Name, operation, "ms median", search.Median, searchRaw.Median, HigherIsBetter: false));
            log.WriteLine($"  {database.Dialect.Name}: {operation} p95 {search.P95:F2} ms (raw {searchRaw.P95:F2})");
        }
        // The web app's list over the whole table, as it reads it: the first page with the total and the names of the people
        // and companies it shows, the next pages by keyset, and a sort on an indexed field (a select) then its next page.
        results.AddRange(await ListAsync(service, customer, raw, context));
        log.WriteLine($"  {database.Dialect.Name}: page p95 {page.P95:F2} ms (raw {pageRaw.P95:F2}), get p95 {get.P95:F3} ms (raw {getRaw.P95:F3}), {rows / 600} rows per page");
        return results;
    }

    /// <summary>The list page's reads, each beside the same reads written by hand (the raw side names its page's people and companies too).</summary>
    private async Task<List<Measurement>> ListAsync(RecordService service, Platform.Engine.Models.FormModel customer, RawSql raw, CallerContext context)
    {
        var names = new Platform.Engine.Users.ReferenceNames(service, database);
        var shown = customer.Fields.Take(12).Select(f => f.Definition).ToList();
        var results = new List<Measurement>();

        var first = new Latencies();
        var firstRaw = new Latencies();
        for (var i = 0; i < 50; i++)
        {
            await firstRaw.TimeAsync(async () => await raw.ListPageAsync(null, null, count: true));
            await first.TimeAsync(async () =>
            {
                var page = await service.QueryAsync(customer, new QueryRequest { PageSize = 50, Count = true }, context);
                await names.ReadAsync(customer, page.Items, shown, [], context);
            });
        }
        results.Add(new(database.Dialect.Name, "list: first page, total and names (what a list opens with)", "ms median", first.Median, firstRaw.Median, HigherIsBetter: false));

        foreach (var (operation, sort) in new (string, string?)[] { ("list: next page (keyset), 20 pages deep", null), ("list: next page sorted by an indexed select, 20 pages deep", "stage") })
        {
            var next = new Latencies();
            var nextRaw = new Latencies();
            var request = new QueryRequest { PageSize = 50, Sort = sort is null ? [] : [new SortKey(sort, false)] };
            var page = await service.QueryAsync(customer, request, context);
            var last = await raw.ListPageAsync(sort, null, count: false);
            for (var i = 0; i < 20; i++)
            {
                var after = page.Next;
                await next.TimeAsync(async () =>
                {
                    page = await service.QueryAsync(customer, request with { After = after }, context);
                    await names.ReadAsync(customer, page.Items, shown, [], context);
                });
                var from = last;
                await nextRaw.TimeAsync(async () => last = await raw.ListPageAsync(sort, from, count: false));
            }
            results.Add(new(database.Dialect.Name, operation, "ms median", next.Median, nextRaw.Median, HigherIsBetter: false));
        }

        var sorted = new Latencies();
        var sortedRaw = new Latencies();
        for (var i = 0; i < 50; i++)
        {
            await sortedRaw.TimeAsync(async () => await raw.ListPageAsync("stage", null, count: false));
            await sorted.TimeAsync(async () =>
            {
                var page = await service.QueryAsync(customer, new QueryRequest { PageSize = 50, Sort = [new SortKey("stage", i % 2 == 1)] }, context);
                await names.ReadAsync(customer, page.Items, shown, [], context);
            });
        }
        results.Add(new(database.Dialect.Name, "list: sorted by an indexed select, first page", "ms median", sorted.Median, sortedRaw.Median, HigherIsBetter: false));
        return results;
    }

    /// <summary>Sales users for the customers' user field, written directly (hashing real passwords would take minutes).</summary>
    internal static async Task<List<long>> AddUsersAsync(PlatformDatabase database, int count)
    {
        var ids = new List<long>();
        await using var connection = await database.OpenAsync();
        for (var i = 0; i < count; i++)
            ids.Add(await connection.ExecuteScalarAsync<long>(
                database.Dialect.InsertReturningId("pf_users", ["email", "name", "password_hash", "is_admin", "created_at"]),
                new { p0 = $"sales{i}@example.com", p1 = $"Sales {i}", p2 = "-", p3 = database.Dialect.ToDb(ColumnType.Boolean, false), p4 = database.Dialect.ToDb(ColumnType.DateTime, DateTime.UtcNow) }));
        return ids;
    }

    /// <summary>Refreshes planner statistics after the load, as any database would be after a large import.</summary>
    private async Task AnalyzeAsync()
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("ANALYZE", commandType: System.Data.CommandType.Text);
    }
}
