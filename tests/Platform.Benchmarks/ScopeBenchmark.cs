using System.Text.Json;
using Dapper;
using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Scripting;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Dialects;
using Platform.Engine.Storage.Schema;
using Platform.Engine.Users;

namespace Platform.Benchmarks;

/// <summary>
/// What row scopes and field rights cost: customers owned by 50 salespeople with 5% in the public pool; a salesperson
/// (a role reading their own and the pool, two fields hidden) and an admin ask for the same filtered, sorted page in
/// turn (one stage below an amount, largest first), each signed in and their rights resolved per request as the runtime does. The form declares
/// the index each needs: the stage then the amount, and the same after the owner, as an app that scopes by owner would.
/// </summary>
public sealed class ScopeBenchmark(PlatformDatabase database, int records, TextWriter log)
{
    private const int Chunk = 1000;
    private const int Owners = 50;
    private const int Rounds = 400;

    private static readonly string Form = CustomerForm.Customer.TrimEnd()[..^1] + """
        , "indexes": [ { "fields": ["owner", "stage", "amount"] }, { "fields": ["stage", "amount"] } ] }
        """;

    public async Task<List<Measurement>> RunAsync()
    {
        await SystemSchema.MigrateAsync(database);
        var clock = TimeProvider.System;
        var sandbox = new ScriptSandbox();
        var forms = new FormService(database, sandbox, clock);
        var service = new RecordService(database, sandbox, clock);
        await new AppService(database, clock).CreateAsync("bench", "Bench", null);
        await forms.PublishAsync("bench", FormJson.Parse(CustomerForm.Company));
        await forms.PublishAsync("bench", FormJson.Parse(Form));
        var customer = await forms.GetModelAsync("bench", "customer");
        var owners = await RecordBenchmark.AddUsersAsync(database, Owners);
        var admin = owners[0];
        var companies = (await service.CreateManyAsync(await forms.GetModelAsync("bench", "company"),
            Enumerable.Range(0, 100).Select(n => JsonSerializer.SerializeToElement(new { name = $"Company {n}" })).ToList(),
            CallerContext.ForUser(admin, true))).Select(r => r.Id).ToList();

        var generator = new CustomerGenerator(companies, owners);
        var raw = new RawSql(database, customer);
        for (var loaded = 0; loaded < records; loaded += Chunk)
        {
            // Every twentieth customer is in the public pool; the rest belong to their salesperson.
            await raw.InsertAsync(Enumerable.Range(loaded, Chunk).Select(generator.Make).ToList(), admin,
                c => c.Name.EndsWith('0') && c.Name[^2] % 2 == 0 ? null : c.Sales);
            if (loaded % 200_000 == 0) log.WriteLine($"  {database.Dialect.Name}: {loaded:N0} of {records:N0} loaded");
        }
        await using (var connection = await database.OpenAsync())
            await connection.ExecuteAsync(database.Dialect is PostgresDialect ? "VACUUM ANALYZE" : "ANALYZE", commandType: System.Data.CommandType.Text);

        var roles = new RoleService(database, clock);
        await roles.CreateAsync("bench", "sales", new LocalizedText("Sales"));
        await new PermissionService(database, forms, clock).SetAsync("bench", "sales", "customer", JsonDocument.Parse("""
            { "actions": ["read", "create", "update"], "read": ["own", "pool"], "write": ["own"], "fields": { "email": "hidden", "phone": "hidden" } }
            """).RootElement);
        foreach (var owner in owners.Skip(1)) await roles.AddMemberAsync("bench", "sales", owner);
        var resolver = new AccessResolver(database);
        var users = new UserService(database, clock);
        var tokens = await TokensAsync(owners);

        var member = new Latencies();
        var adminPage = new Latencies();
        var rows = 0;
        var random = new Random(11);
        for (var i = -20; i < Rounds; i++)
        {
            var salesperson = owners[1 + (i + 20) % (Owners - 1)];
            // Both ask for the same page: one stage, below an amount that moves each round (someone paging or narrowing
            // down), so neither reads the same few rows again and again from a warm cache.
            var below = random.Next(100_000, 1_000_000);
            var request = new QueryRequest
            {
                Filter = new AndFilter([Condition.Of("stage", "eq", CustomerForm.Stages[(i + 20) % 6]), Condition.Of("amount", "lt", below)]),
                Sort = [new SortKey("amount", true)],
                PageSize = 50,
            };
            // As a request does: its token looked up (with the directory's version), the caller's rights, then the page.
            async Task<int> Page(long user, bool isAdmin)
            {
                var signedIn = (await users.AuthenticateAsync(tokens[user]))!;
                var access = await resolver.ForUserAsync(user, isAdmin, signedIn.DirectoryVersion);
                return (await service.QueryAsync(customer, request, CallerContext.ForUser(user, isAdmin) with { Access = access })).Items.Count;
            }
            if (i < 0)
            {
                await Page(salesperson, false); // warm-up: the JIT and the database's caches
                await Page(admin, true);
                continue;
            }
            await member.TimeAsync(async () => rows += await Page(salesperson, false));
            await adminPage.TimeAsync(async () => rows += await Page(admin, true));
        }
        log.WriteLine($"  {database.Dialect.Name}: salesperson p95 {member.P95:F2} ms, admin p95 {adminPage.P95:F2} ms, {rows / (2 * Rounds)} rows a page");
        return [new(database.Dialect.Name, "filtered, sorted page: salesperson vs admin", "ms median", member.Median, adminPage.Median, HigherIsBetter: false)];
    }

    /// <summary>A sign-in token for each user, written as sign-in writes it (hashing 50 passwords would only add minutes).</summary>
    private async Task<Dictionary<long, string>> TokensAsync(IEnumerable<long> userIds)
    {
        var tokens = new Dictionary<long, string>();
        await using var connection = await database.OpenAsync();
        foreach (var id in userIds)
        {
            tokens[id] = UserService.NewTokenText();
            await connection.ExecuteAsync("INSERT INTO pf_tokens (token_hash, user_id, expires_at) VALUES (@hash, @id, @expires)",
                new { hash = UserService.HashToken(tokens[id]), id, expires = database.Dialect.ToDb(ColumnType.DateTime, DateTime.UtcNow.AddDays(1)) });
        }
        return tokens;
    }
}
