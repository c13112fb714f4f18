using System.Text.Json.Nodes;

namespace Platform.Runtime.Tests.Api;

/// <summary>Bulk edit and delete through the API: all or nothing, each refusal at its record's place, bad bodies answered as problems.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class BulkRecordsApiTests(TestDatabase target) : ApiFixture(target)
{
    private const string Form = """
        { "key": "deal", "fields": [ { "key": "name", "type": "text", "required": true },
          { "key": "amount", "type": "money", "min": 0, "label": { "en": "Amount", "zh-CN": "金额" } } ] }
        """;

    private async Task<(string Records, List<JsonNode> Deals)> DealsAsync()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/deal", Form), 200);
        var records = $"/api/apps/{app}/forms/deal/records";
        var deals = new List<JsonNode>();
        foreach (var name in new[] { "Acme", "Globex" })
            deals.Add(await ExpectAsync(await SendAsync(HttpMethod.Post, records, $$"""{ "name": "{{name}}", "amount": 10 }"""), 201));
        return (records, deals);
    }

    [Test]
    public async Task A_bulk_change_is_all_or_nothing_and_each_refusal_is_at_its_place()
    {
        var (records, deals) = await DealsAsync();
        var (acme, globex) = (deals[0]["id"]!.GetValue<long>(), deals[1]["id"]!.GetValue<long>());

        var refused = await ExpectAsync(await SendAsync(HttpMethod.Patch, $"{records}/batch",
            $$"""{ "records": [ { "id": {{acme}}, "version": 1, "values": { "amount": 20 } }, { "id": {{globex}}, "version": 1, "values": { "amount": -1 } } ] }""", "zh-CN"), 400);
        Assert.That(refused["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "[1].amount" }));
        Assert.That((await ExpectAsync(await SendAsync(HttpMethod.Get, $"{records}/{acme}"), 200))["amount"]!.GetValue<decimal>(), Is.EqualTo(10m));

        var changed = await ExpectAsync(await SendAsync(HttpMethod.Patch, $"{records}/batch",
            $$"""{ "records": [ { "id": {{acme}}, "version": 1, "values": { "amount": 20 } }, { "id": {{globex}}, "version": 1, "values": { "amount": 30 } } ] }"""), 200);
        Assert.That(changed["items"]!.AsArray().Select(r => r!["amount"]!.GetValue<decimal>()), Is.EqualTo(new[] { 20m, 30m }));
        await ExpectAsync(await SendAsync(HttpMethod.Patch, $"{records}/batch",
            $$"""{ "records": [ { "id": {{globex}}, "version": 1, "values": { "amount": 40 } } ] }"""), 409);

        foreach (var (body, field) in new[]
                 {
                     ("[]", "records"), ("""{ "records": [ 1 ] }""", "records[0]"), ("""{ "records": [ { "values": {} } ] }""", "records[0].id"),
                     ($$"""{ "records": [ { "id": {{acme}}, "values": 3 } ] }""", "records[0].values"),
                     ($$"""{ "records": [ { "id": {{acme}}, "version": "x", "values": {} } ] }""", "records[0].version"),
                     ($$"""{ "records": [ { "id": {{acme}}, "values": {} }, { "id": {{acme}}, "values": {} } ] }""", "[1].id"),
                 })
        {
            var problem = await ExpectAsync(await SendAsync(HttpMethod.Patch, $"{records}/batch", body), 400);
            Assert.That(problem["errors"]![field], Is.Not.Null, body);
        }
    }

    [Test]
    public async Task A_bulk_delete_is_all_or_nothing_and_needs_the_right_to_delete()
    {
        var (records, deals) = await DealsAsync();
        var ids = deals.Select(d => d["id"]!.GetValue<long>()).ToList();
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"{records}/batch/delete", $$"""{ "ids": [ {{ids[0]}}, 999999 ] }"""), 404);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"{records}/batch/delete", """{ "ids": [ "one" ] }"""), 400);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"{records}/batch/delete", """{ "ids": 1 }"""), 400);
        var app = records.Split('/')[3];
        using var reader = await MemberAsync(app, "deal", "reader", """{ "actions": ["read"] }""");
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"{records}/batch/delete", $$"""{ "ids": [ {{ids[0]}} ] }""", client: reader), 403);
        Assert.That((await ExpectAsync(await SendAsync(HttpMethod.Post, $"{records}/query", """{ "count": true }"""), 200))["total"]!.GetValue<long>(), Is.EqualTo(2));

        var deleted = await SendAsync(HttpMethod.Post, $"{records}/batch/delete", $$"""{ "ids": [ {{ids[0]}}, {{ids[1]}} ] }""");
        Assert.That((int)deleted.StatusCode, Is.EqualTo(204));
        Assert.That((await ExpectAsync(await SendAsync(HttpMethod.Post, $"{records}/query", """{ "count": true }"""), 200))["total"]!.GetValue<long>(), Is.Zero);
    }
}
