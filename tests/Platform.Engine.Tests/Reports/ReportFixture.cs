using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Reports;
using Platform.Engine.Reports.Definitions;

namespace Platform.Engine.Tests.Reports;

/// <summary>
/// Seven customers of three salespeople (and the public pool) with hand-counted figures, created at fixed instants, some
/// near a month's edge, so each report's numbers can be checked by hand on every database.
/// </summary>
public abstract class ReportFixture(TestDatabase target) : EngineFixture(target)
{
    protected const string CustomerForm = """
        { "key": "customer", "fields": [
            { "key": "name", "type": "text", "label": { "en": "Name", "zh-CN": "名称" } },
            { "key": "stage", "type": "select", "label": { "en": "Stage", "zh-CN": "阶段" }, "options": [
                { "key": "lead", "label": { "en": "Lead", "zh-CN": "线索" } }, { "key": "mql" }, { "key": "sql" }, { "key": "opp" },
                { "key": "won", "label": { "en": "Won", "zh-CN": "赢单" } }, { "key": "lost" } ], "stages": {} },
            { "key": "source", "type": "select", "options": [ { "key": "web", "label": { "en": "Web", "zh-CN": "官网" } }, { "key": "fair" }, { "key": "referral" } ] },
            { "key": "amount", "type": "money", "label": { "en": "Amount", "zh-CN": "金额" } },
            { "key": "signedOn", "type": "date" },
            { "key": "tags", "type": "multiselect", "options": [ { "key": "vip" }, { "key": "cold" } ] } ] }
        """;

    protected ReportService Reports { get; private set; } = null!;

    protected string App { get; private set; } = "";

    protected FormModel Customers { get; private set; } = null!;

    protected long A { get; private set; }

    protected long B { get; private set; }

    protected long C { get; private set; }

    protected static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 30, 0, TimeSpan.Zero);

    [OneTimeSetUp]
    public async Task CreateCustomers()
    {
        // The records are made at instants before the engine fixture's clock, which only moves forward: this one is set.
        Records = new RecordService(Database, Sandbox, Time);
        Reports = new ReportService(Database, Forms, Records, Time);
        App = await NewAppAsync();
        Customers = await PublishAsync(App, CustomerForm);
        A = await TestUsers.AddAsync(Database, $"a{Guid.NewGuid():N}@example.com");
        B = await TestUsers.AddAsync(Database, $"b{Guid.NewGuid():N}@example.com");
        C = await TestUsers.AddAsync(Database, $"c{Guid.NewGuid():N}@example.com");
        await AddAsync("c1", "lead", "web", 100, A, "2026-11-02T00:00:00Z", tags: ["vip"]);
        await AddAsync("c2", "lead", "web", 200, A, "2026-11-03T00:00:00Z", tags: ["vip", "cold"]);
        await AddAsync("c3", "mql", "fair", 300, B, "2026-11-04T00:00:00Z");
        await AddAsync("c4", "opp", "referral", 1000, B, "2026-11-05T00:00:00Z");
        await AddAsync("c5", "won", "web", 800, C, "2026-10-10T00:00:00Z");
        // 17:00 UTC on 31 October is 01:00 on 1 November in Shanghai: last month in UTC, this month there.
        await AddAsync("c6", "won", null, 500, A, "2026-10-31T17:00:00Z");
        await AddAsync("c7", "lost", "fair", 50, null, "2026-11-10T00:00:00Z");
        Time.Now = Now;
    }

    /// <summary>A clock set by hand, back or forth.</summary>
    protected sealed class SetClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = ReportFixture.Now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    protected SetClock Time { get; } = new();

    protected async Task<RecordData> AddAsync(string name, string stage, string? source, decimal amount, long? owner, string at, string[]? tags = null)
    {
        Time.Now = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture);
        var payload = new Dictionary<string, object?> { ["name"] = name, ["stage"] = stage, ["source"] = source, ["amount"] = amount, ["owner"] = owner, ["tags"] = tags };
        return await Records.CreateAsync(Customers, Json.Of(System.Text.Json.JsonSerializer.Serialize(payload)), CallerContext.System);
    }

    protected static ReportDefinition Report(string json) => ReportTypes.Parse(json);

    protected Task<ReportResult> RunAsync(string json, CallerContext? caller = null) =>
        Reports.PreviewAsync(App, Report(json), caller ?? Admin());

    protected static CallerContext Admin(string zone = "UTC", string culture = "en") =>
        CallerContext.System with { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(zone), Culture = culture };

    protected CallerContext OwnOnly(long user) =>
        User(user) with { Access = new GivenAccess(Condition.Of("owner", "eq", "me")) };

    /// <summary>How many records a row's drill-down finds through the record API: what the row counted.</summary>
    protected async Task<long> DrillCountAsync(Filter? drill, CallerContext? caller = null) =>
        (await Records.QueryAsync(Customers, new QueryRequest { Filter = drill, Count = true, PageSize = 1 }, caller ?? Admin())).Total!.Value;

    protected static object? Value(ReportRow row, string key) => row.Values[key];
}
