using System.Text.Json.Nodes;

namespace Platform.Runtime.Tests.Api;

[TestFixture]
public sealed class ExpressionsApiTests() : ApiFixture(new SqliteTestDatabase())
{
    private async Task<string> DealAppAsync()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/deal", DealForm.Json), 200);
        return app;
    }

    [Test]
    public async Task A_formula_is_checked_against_a_published_form_with_the_fields_it_reads_and_its_type()
    {
        var app = await DealAppAsync();

        var check = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/expressions/check",
            $$"""{ "app": "{{app}}", "form": "deal", "expression": "IF({金额} > 100000, \"A\", {Name} & \"-\")" }"""), 200);

        Assert.That(check["valid"]!.GetValue<bool>(), Is.True);
        Assert.That(check["reads"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EqualTo(new[] { "amount", "name" }));
        Assert.That(check["type"]!.GetValue<string>(), Is.EqualTo("text"));
        Assert.That(check["stored"]!.GetValue<string>(), Is.EqualTo("IF(amount > 100000, \"A\", name & \"-\")"));
        Assert.That(check["display"]!.GetValue<string>(), Is.EqualTo("IF({Amount} > 100000, \"A\", {Name} & \"-\")"));
    }

    [Test]
    public async Task Labels_are_shown_in_the_callers_language()
    {
        var app = await DealAppAsync();

        var check = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/expressions/check",
            $$"""{ "app": "{{app}}", "form": "deal", "expression": "amount * 2" }""", language: "zh-CN"), 200);

        Assert.That(check["display"]!.GetValue<string>(), Is.EqualTo("{金额} * 2"));
    }

    [Test]
    public async Task A_draft_definition_can_be_checked_before_it_is_published()
    {
        var app = await NewAppAsync();

        var check = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/expressions/check", $$"""
            { "app": "{{app}}", "expression": "DATEDIF({签约日期}, TODAY(), \"d\")", "resultType": "number",
              "definition": { "key": "c", "fields": [ { "key": "signed", "type": "date", "label": { "en": "Signed", "zh-CN": "签约日期" } } ] } }
            """), 200);

        Assert.That(check["valid"]!.GetValue<bool>(), Is.True);
        Assert.That(check["type"]!.GetValue<string>(), Is.EqualTo("number"));
    }

    [Test]
    public async Task A_draft_alone_can_be_checked_without_an_app()
    {
        var check = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/expressions/check", """
            { "expression": "{名称} & \"-\" & {城市}",
              "definition": { "key": "c", "fields": [ { "key": "name", "type": "text", "label": { "zh-CN": "名称" } }, { "key": "city", "type": "text", "label": { "zh-CN": "城市" } } ] } }
            """), 200);
        var neither = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/expressions/check", """{ "expression": "1" }"""), 400);

        Assert.That(check["valid"]!.GetValue<bool>(), Is.True);
        Assert.That((check["type"]!.GetValue<string>(), check["stored"]!.GetValue<string>()), Is.EqualTo(("text", "name & \"-\" & city")));
        Assert.That(neither["codes"]!.AsObject().Select(e => e.Key), Does.Contain("app"));
    }

    [TestCase("amount +\n  * 2", 2, 3, "syntax.value")]
    [TestCase("SUM(amount", 1, 11, "syntax.expected")]
    [TestCase("{Amount} * {Discount}", 1, 12, "formula.unknownField")]
    [TestCase("SUMM(amount)", 1, 1, "formula.unknownFunction")]
    [TestCase("ROUND()", 1, 1, "formula.arguments")]
    [TestCase("\"unclosed", 1, 1, "syntax.unclosedText")]
    [TestCase("amount # 2", 1, 8, "syntax.character")]
    [TestCase("amount = 1 = ", 1, 14, "syntax.value")]
    public async Task Errors_come_with_line_column_and_what_was_expected(string expression, int line, int column, string code)
    {
        var app = await DealAppAsync();

        var check = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/expressions/check",
            new JsonObject { ["app"] = app, ["form"] = "deal", ["expression"] = expression }.ToJsonString()), 200);

        var error = check["errors"]![0]!;
        Assert.That(check["valid"]!.GetValue<bool>(), Is.False);
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo(code));
        Assert.That((error["line"]!.GetValue<int>(), error["column"]!.GetValue<int>()), Is.EqualTo((line, column)));
    }

    [Test]
    public async Task Messages_follow_the_callers_language()
    {
        var app = await DealAppAsync();
        var body = $$"""{ "app": "{{app}}", "form": "deal", "expression": "{折扣} * 2" }""";

        var zh = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/expressions/check", body, language: "zh-CN"), 200);
        var en = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/expressions/check", body), 200);

        Assert.That(zh["errors"]![0]!["message"]!.GetValue<string>(), Is.EqualTo("第 1 行第 1 列：没有字段“折扣”。"));
        Assert.That(en["errors"]![0]!["message"]!.GetValue<string>(), Is.EqualTo("Line 1, column 1: There is no field 折扣."));
    }

    [Test]
    public async Task A_result_the_field_cannot_hold_is_reported()
    {
        var app = await DealAppAsync();

        var check = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/expressions/check",
            $$"""{ "app": "{{app}}", "form": "deal", "expression": "name & \"!\"", "resultType": "number" }"""), 200);

        Assert.That(check["errors"]![0]!["code"]!.GetValue<string>(), Is.EqualTo("formula.resultType"));
    }

    [TestCase("""{ "form": "deal", "expression": "1" }""", "app")]
    [TestCase("""{ "app": "x", "form": "deal" }""", "expression")]
    [TestCase("""{ "app": "x", "form": "deal", "expression": 5 }""", "expression")]
    [TestCase("""{ "app": "x", "expression": "1" }""", "form")]
    [TestCase("""{ "app": "x", "form": "deal", "expression": "1", "resultType": "money" }""", "resultType")]
    [TestCase("""[1]""", "body")]
    public async Task A_bad_request_gets_400_naming_the_field(string body, string field)
    {
        var problem = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/expressions/check", body), 400);

        Assert.That(problem["errors"]![field], Is.Not.Null, problem.ToJsonString());
    }

    [Test]
    public async Task An_unknown_app_or_form_gets_404()
    {
        var app = await DealAppAsync();

        await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/expressions/check", """{ "app": "nope", "form": "deal", "expression": "1" }"""), 404);
        await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/expressions/check", $$"""{ "app": "{{app}}", "form": "nope", "expression": "1" }"""), 404);
    }

    [Test]
    public async Task Functions_are_listed_with_signatures_and_english_and_chinese_descriptions()
    {
        var functions = (await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/expressions/functions"), 200)).AsArray();
        var datedif = functions.Single(f => f!["name"]!.GetValue<string>() == "DATEDIF")!;

        Assert.That(functions, Has.Count.GreaterThanOrEqualTo(70));
        Assert.That(datedif["signature"]!.GetValue<string>(), Is.EqualTo("DATEDIF(start, end, unit)"));
        Assert.That(datedif["description"]!["en"]!.GetValue<string>(), Does.Contain("years"));
        Assert.That(datedif["description"]!["zh-CN"]!.GetValue<string>(), Does.Contain("两个日期之差"));
        Assert.That(datedif["example"]!.GetValue<string>(), Is.Not.Empty);
        Assert.That(functions.All(f => f!["description"]!["zh-CN"] is not null), Is.True);
    }

    [Test]
    public async Task Checking_needs_a_token()
    {
        using var anonymous = Factory.CreateClient();

        await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/expressions/functions", client: anonymous), 401);
    }

    [Test]
    public async Task Publishing_a_new_formula_fills_it_in_for_existing_records_in_a_background_job_whose_progress_is_followed()
    {
        var app = await DealAppAsync();
        var created = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/deal/records", """{ "name": "Acme", "amount": 1200 }"""), 201);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/deal/records", """{ "name": "Globex", "amount": 113 }"""), 201);
        var definition = JsonNode.Parse(DealForm.Json)!.AsObject();
        definition["fields"]!.AsArray().Add(new JsonObject { ["key"] = "net", ["type"] = "formula", ["expression"] = "ROUND({Amount} / 1.13, 2)" });

        var published = await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/deal", definition.ToJsonString()), 200);
        Assert.That(published["job"]!["kind"]!.GetValue<string>(), Is.EqualTo("recompute"), "the publish does not wait for the records");
        var url = $"/api/jobs/{published["job"]!["id"]}";
        JsonNode job = published["job"]!;
        for (var i = 0; i < 100 && job["status"]!.GetValue<string>() is "queued" or "running"; i++)
        {
            await Task.Delay(100);
            job = await ExpectAsync(await SendAsync(HttpMethod.Get, url), 200);
        }
        Assert.That((job["status"]!.GetValue<string>(), job["done"]!.GetValue<long>(), job["total"]!.GetValue<long>(), job["changed"]!.GetValue<long>()),
            Is.EqualTo(("done", 2L, 2L, 2L)));
        var record = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/forms/deal/records/{created["id"]}"), 200);
        Assert.That(record["net"]!.GetValue<decimal>(), Is.EqualTo(1061.95m));

        using var other = (await NewPersonAsync("other")).Client;
        await ExpectAsync(await SendAsync(HttpMethod.Get, url, client: other), 404);
        await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/jobs/99999999"), 404);
    }
}

