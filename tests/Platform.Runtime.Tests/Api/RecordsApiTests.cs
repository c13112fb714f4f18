using System.Net.Http.Headers;

namespace Platform.Runtime.Tests.Api;

[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class RecordsApiTests(TestDatabase target) : ApiFixture(target)
{
    private async Task<string> DealsAsync()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/deal", DealForm.Json), 200);
        return $"/api/apps/{app}/forms/deal/records";
    }

    [Test]
    public async Task A_record_goes_through_its_whole_life_over_http()
    {
        var records = await DealsAsync();

        var created = await SendAsync(HttpMethod.Post, records, """{ "name": "Acme", "amount": 1200, "stage": "lead", "tags": ["vip"] }""");
        var record = await ExpectAsync(created, 201);
        var id = record["id"]!.GetValue<long>();
        Assert.That(created.Headers.ETag!.Tag, Is.EqualTo("\"1\""));
        Assert.That(record["total"]!.GetValue<decimal>(), Is.EqualTo(2400m));

        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"{records}/{id}") { Content = Body("""{ "stage": "won" }""") };
        patch.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        var patched = await ExpectAsync(await Client.SendAsync(patch), 200);
        Assert.That(patched["version"]!.GetValue<long>(), Is.EqualTo(2));

        var stale = await ExpectAsync(await SendAsync(HttpMethod.Patch, $"{records}/{id}", """{ "name": "X", "version": 1 }"""), 409);
        Assert.That(stale["code"]!.GetValue<string>(), Is.EqualTo("version.stale"));

        var query = await ExpectAsync(await SendAsync(HttpMethod.Post, $"{records}/query",
            """{ "filter": { "and": [ { "field": "amount", "op": "gt", "value": 100 }, { "or": [ { "field": "stage", "op": "eq", "value": "won" } ] }, { "not": { "field": "tags", "op": "isEmpty" } } ] }, "sort": [ { "field": "amount", "dir": "desc" } ], "page": { "size": 50 }, "count": true }"""), 200);
        Assert.That(query["total"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(query["items"]![0]!["stage"]!.GetValue<string>(), Is.EqualTo("won"));
        Assert.That(query["next"], Is.Null);

        var history = await ExpectAsync(await SendAsync(HttpMethod.Get, $"{records}/{id}/history"), 200);
        Assert.That(history.AsArray().Select(h => h!["kind"]!.GetValue<string>()), Is.EqualTo(new[] { "created", "updated" }));
        Assert.That(history[1]!["changes"]![0]!["field"]!.GetValue<string>(), Is.EqualTo("stage"));

        await ExpectAsync(await SendAsync(HttpMethod.Delete, $"{records}/{id}"), 204);
        await ExpectAsync(await SendAsync(HttpMethod.Get, $"{records}/{id}"), 404);
        var restored = await ExpectAsync(await SendAsync(HttpMethod.Post, $"{records}/{id}/restore"), 200);
        Assert.That(restored["name"]!.GetValue<string>(), Is.EqualTo("Acme"));
    }

    [Test]
    public async Task Quick_search_finds_by_two_chinese_characters_and_refuses_one_with_a_message_in_chinese()
    {
        var records = await DealsAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Post, records, """{ "name": "华为技术有限公司", "amount": 1 }"""), 201);
        await ExpectAsync(await SendAsync(HttpMethod.Post, records, """{ "name": "腾讯", "amount": 2 }"""), 201);

        var found = await ExpectAsync(await SendAsync(HttpMethod.Post, $"{records}/query", """{ "search": "华为", "count": true }"""), 200);
        var refused = await ExpectAsync(await SendAsync(HttpMethod.Post, $"{records}/query", """{ "search": "华" }""", language: "zh-CN"), 400);
        var wrongType = await ExpectAsync(await SendAsync(HttpMethod.Post, $"{records}/query", """{ "search": 12 }"""), 400);

        Assert.That(found["total"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(found["items"]![0]!["name"]!.GetValue<string>(), Is.EqualTo("华为技术有限公司"));
        Assert.That(refused["errors"]!["search"]![0]!.GetValue<string>(), Does.Contain("两个"));
        Assert.That(wrongType["codes"]!["search"]![0]!.GetValue<string>(), Is.EqualTo("type.text"));
    }

    [Test]
    public async Task A_duplicate_unique_value_is_a_409_naming_the_field()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/item",
            """{ "key": "item", "name": "Item", "fields": [ { "key": "code", "type": "text", "unique": true } ] }"""), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/item/records", """{ "code": "A-1" }"""), 201);

        var duplicate = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/item/records", """{ "code": "A-1" }""", language: "zh-CN"), 409);

        Assert.That(duplicate["codes"]!["code"]![0]!.GetValue<string>(), Is.EqualTo("unique"));
        Assert.That(duplicate["errors"]!["code"]![0]!.GetValue<string>(), Does.Contain("已被"));
    }

    [TestCase("""{ "name": "A", "amount": "lots" }""", "amount", "type.number")]
    [TestCase("""{ "name": "A", "colour": "red" }""", "colour", "unknownField")]
    [TestCase("""{ "amount": 5 }""", "name", "required")]
    [TestCase("""{ "name": "A", "stage": "lost" }""", "stage", "option.unknown")]
    [TestCase("""{ "name": "A", "tags": ["vip", "gold"] }""", "tags", "option.unknown")]
    [TestCase("""{ "name": "A", "stage": "won" }""", "amount", "rule.failed")]
    [TestCase("""{ "name": 12 }""", "name", "type.text")]
    public async Task Bad_records_get_a_400_with_per_field_errors_and_nothing_is_written(string payload, string field, string code)
    {
        var records = await DealsAsync();

        var problem = await ExpectAsync(await SendAsync(HttpMethod.Post, records, payload), 400);
        var count = await ExpectAsync(await SendAsync(HttpMethod.Post, $"{records}/query", """{ "count": true }"""), 200);

        Assert.That(problem["codes"]![field]?.AsArray().Select(c => c!.GetValue<string>()).ToList() ?? [], Does.Contain(code), problem.ToJsonString());
        Assert.That(problem["errors"]![field]![0]!.GetValue<string>(), Is.Not.Empty);
        Assert.That(count["total"]!.GetValue<long>(), Is.Zero);
    }

    [Test]
    public async Task All_errors_come_back_together_in_chinese_when_asked()
    {
        var records = await DealsAsync();

        var problem = await ExpectAsync(await SendAsync(HttpMethod.Post, records, """{ "amount": "x", "stage": "won", "color": 1 }""", "zh-CN,zh;q=0.9,en;q=0.5"), 400);

        Assert.That(problem["title"]!.GetValue<string>(), Is.EqualTo("请求无效。"));
        Assert.That(problem["errors"]!["amount"]![0]!.GetValue<string>(), Is.EqualTo("应为数字。"));
        Assert.That(problem["errors"]!["color"]![0]!.GetValue<string>(), Is.EqualTo("“color”不是此表单的字段。"));
        Assert.That(problem["errors"]!["name"]![0]!.GetValue<string>(), Is.EqualTo("此字段为必填项。"));
    }

    [Test]
    public async Task A_batch_is_all_or_nothing()
    {
        var records = await DealsAsync();

        var bad = await ExpectAsync(await SendAsync(HttpMethod.Post, $"{records}/batch", """{ "records": [ { "name": "A" }, { "name": "B", "amount": "x" } ] }"""), 400);
        var good = await ExpectAsync(await SendAsync(HttpMethod.Post, $"{records}/batch", """[ { "name": "A" }, { "name": "B" } ]"""), 201);
        var tooMany = await ExpectAsync(await SendAsync(HttpMethod.Post, $"{records}/batch", "[" + string.Join(",", Enumerable.Repeat("""{ "name": "A" }""", 1001)) + "]"), 400);
        var count = await ExpectAsync(await SendAsync(HttpMethod.Post, $"{records}/query", """{ "count": true }"""), 200);

        Assert.That(bad["codes"]!["[1].amount"], Is.Not.Null, bad.ToJsonString());
        Assert.That(good["items"]!.AsArray(), Has.Count.EqualTo(2));
        Assert.That(tooMany["codes"]!["records"]![0]!.GetValue<string>(), Is.EqualTo("batch.size"));
        Assert.That(count["total"]!.GetValue<long>(), Is.EqualTo(2));
    }

    [Test]
    public async Task A_ten_thousand_deep_document_is_refused()
    {
        var records = await DealsAsync();
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000);

        var problem = await ExpectAsync(await SendAsync(HttpMethod.Post, records, deep), 400);

        Assert.That(problem["codes"]!["body"]![0]!.GetValue<string>(), Is.EqualTo("json.tooDeep"));
    }

    [Test]
    public async Task A_body_over_the_limit_is_refused_with_413()
    {
        var records = await DealsAsync();
        var huge = "{ \"name\": \"" + new string('x', 50 * 1024 * 1024) + "\" }";

        var problem = await ExpectAsync(await SendAsync(HttpMethod.Post, records, huge), 413);
        var count = await ExpectAsync(await SendAsync(HttpMethod.Post, $"{records}/query", """{ "count": true }"""), 200);

        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("body.tooLarge"));
        Assert.That(count["total"]!.GetValue<long>(), Is.Zero);
    }

    [Test]
    public async Task Malformed_json_is_a_400()
    {
        var records = await DealsAsync();

        var problem = await ExpectAsync(await SendAsync(HttpMethod.Post, records, "{ \"name\": "), 400);

        Assert.That(problem["codes"]!["body"]![0]!.GetValue<string>(), Is.EqualTo("json.invalid"));
    }

    [TestCase("""{ "filter": { "field": "amount", "op": "approximately", "value": 1 } }""", "filter.unknownOperator")]
    [TestCase("""{ "filter": { "field": "nope'; DROP TABLE pf_users; --", "op": "eq", "value": 1 } }""", "unknownField")]
    [TestCase("""{ "sort": [ { "field": "amount]" } ] }""", "sort.invalid")]
    [TestCase("""{ "page": { "size": 5000 } }""", "page.size")]
    public async Task Bad_queries_are_400(string query, string code)
    {
        var records = await DealsAsync();

        var problem = await ExpectAsync(await SendAsync(HttpMethod.Post, $"{records}/query", query), 400);

        Assert.That(problem["codes"]!.AsObject().SelectMany(p => p.Value!.AsArray()).Select(c => c!.GetValue<string>()), Does.Contain(code));
    }

    [Test]
    public async Task Hostile_filter_values_are_only_values()
    {
        var records = await DealsAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Post, records, """{ "name": "O'Brien; ] \" 表" }"""), 201);
        var tenThousand = new string('\'', 10_000);

        var exact = await ExpectAsync(await SendAsync(HttpMethod.Post, $"{records}/query", """{ "filter": { "field": "name", "op": "eq", "value": "O'Brien; ] \" 表" } }"""), 200);
        var huge = await ExpectAsync(await SendAsync(HttpMethod.Post, $"{records}/query", $$"""{ "filter": { "field": "name", "op": "contains", "value": "{{tenThousand}}" } }"""), 200);

        Assert.That(exact["items"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That(huge["items"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task A_rule_that_would_build_a_huge_text_fails_the_write_and_the_server_lives()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/hog", """
            { "key": "hog", "fields": [ { "key": "name", "type": "text" } ],
              "rules": [ { "expression": "LEN(REPT(REPT(\"ab\", 16000), 2 ^ 28)) > 0", "message": "never" } ] }
            """), 200);

        var problem = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/hog/records", """{ "name": "A" }"""), 400);
        var health = await ExpectAsync(await SendAsync(HttpMethod.Get, "/health"), 200);

        Assert.That(problem["codes"]!["_form"]![0]!.GetValue<string>(), Is.EqualTo("rule.error"));
        Assert.That(problem["errors"]!["_form"]![0]!.GetValue<string>(), Does.Contain("#VALUE!"));
        Assert.That(health["status"]!.GetValue<string>(), Is.EqualTo("ok"));
    }

    [Test]
    public async Task Records_need_a_token()
    {
        var records = await DealsAsync();
        using var anonymous = Factory.CreateClient();

        await ExpectAsync(await SendAsync(HttpMethod.Post, records, """{ "name": "A" }""", client: anonymous), 401);
    }
}
