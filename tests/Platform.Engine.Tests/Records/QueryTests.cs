using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Records;

[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class QueryTests(TestDatabase target) : EngineFixture(target)
{
    private FormModel _form = null!;
    private long _alice, _bob;

    [OneTimeSetUp]
    public async Task Seed()
    {
        if (Target.Unavailable is not null) return;
        _alice = await TestUsers.AddAsync(Database, $"alice-{Guid.NewGuid():N}@example.com");
        _bob = await TestUsers.AddAsync(Database, $"bob-{Guid.NewGuid():N}@example.com");
        _form = await PublishAsync(await NewAppAsync(), """
            { "key": "customer", "fields": [
                { "key": "name", "type": "text" },
                { "key": "amount", "type": "money" },
                { "key": "stage", "type": "select", "options": [ { "key": "lead" }, { "key": "sql" }, { "key": "won" } ] },
                { "key": "tags", "type": "multiselect", "options": [ { "key": "vip" }, { "key": "new" }, { "key": "cold" } ] },
                { "key": "sales", "type": "user" },
                { "key": "nextCall", "type": "date" },
                { "key": "lastSeen", "type": "datetime" } ] }
            """);
        // 2026-11-23 is a Monday; the clock stands at 09:30 UTC.
        string[] rows =
        [
            $$"""{ "name": "Acme 100%", "amount": 500, "stage": "won", "tags": ["vip"], "sales": {{_alice}}, "nextCall": "2026-11-23", "lastSeen": "2026-11-23T08:00:00Z" }""",
            $$"""{ "name": "Beta_Corp", "amount": 1500, "stage": "lead", "tags": ["vip", "new"], "sales": {{_bob}}, "nextCall": "2026-11-25", "lastSeen": "2026-11-20T10:00:00Z" }""",
            $$"""{ "name": "Cóndor 杭州", "amount": 50, "stage": "sql", "tags": ["cold"], "sales": {{_alice}}, "nextCall": "2026-10-31" }""",
            """{ "name": "Delta", "stage": "lead" }""",
            $$"""{ "name": "Echo", "amount": 1500, "stage": "won", "sales": {{_bob}}, "nextCall": "2026-12-01", "lastSeen": "2026-11-01T00:00:00Z" }""",
        ];
        foreach (var row in rows) await Records.CreateAsync(_form, Json.Of(row), User(_alice));
    }

    private async Task<string[]> NamesAsync(string filterJson, CallerContext? context = null)
    {
        var request = QueryJson.Parse(Json.Of($$"""{ "filter": {{filterJson}}, "sort": [ { "field": "name" } ], "page": { "size": 100 } }"""));
        var result = await Records.QueryAsync(_form, request, context ?? User(_alice));
        return result.Items.Select(r => (string)r.Values["name"]!).ToArray();
    }

    [TestCase("""{ "field": "stage", "op": "eq", "value": "won" }""", "Acme 100%,Echo")]
    [TestCase("""{ "field": "stage", "op": "ne", "value": "won" }""", "Beta_Corp,Cóndor 杭州,Delta")]
    [TestCase("""{ "field": "amount", "op": "gt", "value": 500 }""", "Beta_Corp,Echo")]
    [TestCase("""{ "field": "amount", "op": "gte", "value": 500 }""", "Acme 100%,Beta_Corp,Echo")]
    [TestCase("""{ "field": "amount", "op": "lt", "value": 500 }""", "Cóndor 杭州")]
    [TestCase("""{ "field": "amount", "op": "lte", "value": 500 }""", "Acme 100%,Cóndor 杭州")]
    [TestCase("""{ "field": "amount", "op": "between", "value": [50, 500] }""", "Acme 100%,Cóndor 杭州")]
    [TestCase("""{ "field": "stage", "op": "in", "value": ["sql", "won"] }""", "Acme 100%,Cóndor 杭州,Echo")]
    [TestCase("""{ "field": "name", "op": "contains", "value": "100%" }""", "Acme 100%")]
    [TestCase("""{ "field": "name", "op": "contains", "value": "_" }""", "Beta_Corp")]
    [TestCase("""{ "field": "name", "op": "contains", "value": "杭州" }""", "Cóndor 杭州")]
    [TestCase("""{ "field": "name", "op": "startsWith", "value": "ec" }""", "Echo")]
    [TestCase("""{ "field": "tags", "op": "contains", "value": "vip" }""", "Acme 100%,Beta_Corp")]
    [TestCase("""{ "field": "tags", "op": "in", "value": ["new", "cold"] }""", "Beta_Corp,Cóndor 杭州")]
    [TestCase("""{ "field": "tags", "op": "isEmpty" }""", "Delta,Echo")]
    [TestCase("""{ "field": "amount", "op": "isEmpty" }""", "Delta")]
    [TestCase("""{ "field": "amount", "op": "isNotEmpty" }""", "Acme 100%,Beta_Corp,Cóndor 杭州,Echo")]
    [TestCase("""{ "field": "sales", "op": "eq", "value": "me" }""", "Acme 100%,Cóndor 杭州")]
    [TestCase("""{ "field": "nextCall", "op": "today" }""", "Acme 100%")]
    [TestCase("""{ "field": "nextCall", "op": "thisWeek" }""", "Acme 100%,Beta_Corp")]
    [TestCase("""{ "field": "nextCall", "op": "lastMonth" }""", "Cóndor 杭州")]
    [TestCase("""{ "field": "nextCall", "op": "nextNDays", "value": 9 }""", "Acme 100%,Beta_Corp,Echo")]
    [TestCase("""{ "field": "lastSeen", "op": "lastNDays", "value": 7 }""", "Acme 100%,Beta_Corp")]
    [TestCase("""{ "field": "lastSeen", "op": "thisMonth" }""", "Acme 100%,Beta_Corp,Echo")]
    [TestCase("""{ "field": "createdBy", "op": "eq", "value": "me" }""", "Acme 100%,Beta_Corp,Cóndor 杭州,Delta,Echo")]
    [TestCase("""{ "and": [ { "field": "stage", "op": "eq", "value": "won" }, { "field": "amount", "op": "gt", "value": 1000 } ] }""", "Echo")]
    [TestCase("""{ "or": [ { "field": "stage", "op": "eq", "value": "sql" }, { "field": "amount", "op": "gt", "value": 1000 } ] }""", "Beta_Corp,Cóndor 杭州,Echo")]
    [TestCase("""{ "not": { "field": "stage", "op": "eq", "value": "lead" } }""", "Acme 100%,Cóndor 杭州,Echo")]
    [TestCase("""{ "field": "name", "op": "eq", "value": "x'); DROP TABLE pf_users; --" }""", "")]
    public async Task Filters_select_the_expected_records(string filter, string expected)
    {
        Assert.That(string.Join(",", await NamesAsync(filter)), Is.EqualTo(expected));
    }

    [Test]
    public async Task Relative_dates_follow_the_callers_time_zone()
    {
        // 09:30 UTC on the 23rd is 17:30 in Shanghai, still the 23rd; in Pago Pago (UTC-11) it is the 22nd.
        var pagoPago = User(_alice) with { TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Pago_Pago") };

        Assert.That(await NamesAsync("""{ "field": "nextCall", "op": "today" }""", pagoPago), Is.Empty);
        Assert.That(await NamesAsync("""{ "field": "nextCall", "op": "tomorrow" }""", pagoPago), Is.EqualTo(new[] { "Acme 100%" }));
    }

    [Test]
    public async Task The_row_scope_is_applied_to_every_read()
    {
        var onlyBobs = User(_bob) with { Access = new GivenAccess(Condition.Of("sales", "eq", "me")) };
        var alicesRecord = (await Records.QueryAsync(_form, QueryJson.Parse(Json.Of("""{ "filter": { "field": "name", "op": "eq", "value": "Delta" } }""")), User())).Items[0];

        var names = await NamesAsync("""{ "and": [] }""", onlyBobs);
        var count = await Records.QueryAsync(_form, new QueryRequest { Count = true }, onlyBobs);

        Assert.That(names, Is.EqualTo(new[] { "Beta_Corp", "Echo" }));
        Assert.That(count.Total, Is.EqualTo(2));
        await Assert.ThrowsAsync<NotFoundException>(() => Records.GetAsync(_form, alicesRecord.Id, onlyBobs));
        await Assert.ThrowsAsync<NotFoundException>(() => Records.HistoryAsync(_form, alicesRecord.Id, onlyBobs));
        await Assert.ThrowsAsync<NotFoundException>(() => Records.UpdateAsync(_form, alicesRecord.Id, Json.Of("""{ "name": "x" }"""), 1, onlyBobs));
        await Assert.ThrowsAsync<NotFoundException>(() => Records.DeleteAsync(_form, alicesRecord.Id, null, onlyBobs));
    }

    [Test]
    public async Task Keyset_pages_walk_every_record_once_in_order_with_empty_values_first()
    {
        foreach (var desc in new[] { false, true })
        {
            var seen = new List<string>();
            string? after = null;
            do
            {
                var request = new QueryRequest { Sort = [new SortKey("amount", desc), new SortKey("name", false)], PageSize = 2, After = after };
                var page = await Records.QueryAsync(_form, request, User());
                seen.AddRange(page.Items.Select(r => (string)r.Values["name"]!));
                after = page.Next;
            }
            while (after is not null);

            var expected = new[] { "Delta", "Cóndor 杭州", "Acme 100%", "Beta_Corp", "Echo" };
            Assert.That(seen, Is.EqualTo(desc ? new[] { "Beta_Corp", "Echo", "Acme 100%", "Cóndor 杭州", "Delta" } : expected), $"descending: {desc}");
        }
    }

    [Test]
    public async Task Offset_paging_projection_and_count()
    {
        var request = QueryJson.Parse(Json.Of("""{ "sort": [ { "field": "name", "dir": "desc" } ], "page": { "size": 2, "offset": 1 }, "fields": ["name"], "count": true }"""));

        var page = await Records.QueryAsync(_form, request, User());

        Assert.That(page.Items.Select(r => r.Values["name"]), Is.EqualTo(new[] { "Delta", "Cóndor 杭州" }));
        Assert.That(page.Items[0].Values.Keys, Is.EqualTo(new[] { "name" }));
        Assert.That(page.Total, Is.EqualTo(5));
        Assert.That(page.Next, Is.Null);
    }

    [TestCase("""{ "filter": { "field": "nope", "op": "eq", "value": 1 } }""", "filter", "unknownField")]
    [TestCase("""{ "filter": { "field": "amount", "op": "like", "value": 1 } }""", "filter", "filter.unknownOperator")]
    [TestCase("""{ "filter": { "field": "amount", "op": "contains", "value": "1" } }""", "filter", "filter.operatorNotForField")]
    [TestCase("""{ "filter": { "field": "amount", "op": "gt", "value": "abc" } }""", "filter", "filter.value")]
    [TestCase("""{ "filter": { "field": "stage", "op": "eq", "value": "nope" } }""", "filter", "filter.value")]
    [TestCase("""{ "filter": { "field": "amount", "op": "gt" } }""", "filter", "filter.value")]
    [TestCase("""{ "filter": { "nand": [] } }""", "filter", "filter.invalid")]
    [TestCase("""{ "filter": [1] }""", "filter", "filter.invalid")]
    [TestCase("""{ "sort": [ { "field": "tags" } ] }""", "sort", "sort.invalid")]
    [TestCase("""{ "sort": [ { "field": "name", "dir": "sideways" } ] }""", "sort", "sort.invalid")]
    [TestCase("""{ "sort": [ { "field": "]; DROP TABLE x" } ] }""", "sort", "sort.invalid")]
    [TestCase("""{ "page": { "size": 0 } }""", "page.size", "page.size")]
    [TestCase("""{ "page": { "size": 100000 } }""", "page.size", "page.size")]
    [TestCase("""{ "page": { "after": "not-a-cursor" } }""", "page.after", "page.cursor")]
    [TestCase("""{ "fields": ["nope"] }""", "fields", "unknownField")]
    [TestCase("""{ "limit": 5 }""", "limit", "unknownField")]
    public async Task Bad_queries_get_a_clear_error(string query, string field, string code)
    {
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Records.QueryAsync(_form, QueryJson.Parse(Json.Of(query)), User()));

        Assert.That(error!.Errors.Select(e => (e.Field, e.Code)), Does.Contain((field, code)));
    }

    [Test]
    public async Task A_cursor_from_another_sort_is_refused()
    {
        var first = await Records.QueryAsync(_form, new QueryRequest { Sort = [new SortKey("amount", false)], PageSize = 1 }, User());

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Records.QueryAsync(_form, new QueryRequest { Sort = [new SortKey("name", false)], PageSize = 1, After = first.Next }, User()));

        Assert.That(error!.Errors.Single().Code, Is.EqualTo("page.cursor"));
    }

    [Test]
    public async Task A_filter_with_a_huge_or_hostile_value_is_just_a_value()
    {
        var huge = new string('\'', 10_000) + "]; -- 表";

        Assert.That(await NamesAsync($$"""{ "field": "name", "op": "contains", "value": {{System.Text.Json.JsonSerializer.Serialize(huge)}} }"""), Is.Empty);
    }
}
