namespace Platform.Runtime.Tests.Api;

/// <summary>Reports through the API: published by an admin, run for each caller with their rights, bad definitions and calls refused.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class ReportsApiTests(TestDatabase target) : ApiFixture(target)
{
    private const string Form = """
        { "key": "deal", "fields": [ { "key": "name", "type": "text" }, { "key": "amount", "type": "money" },
          { "key": "stage", "type": "select", "options": [ { "key": "open", "label": { "en": "Open", "zh-CN": "进行中" } }, { "key": "won" } ] } ] }
        """;

    private const string Funnel = """
        { "type": "funnel", "form": "deal", "stageField": "stage", "measure": { "aggregate": "sum", "field": "amount" } }
        """;

    [Test]
    public async Task An_admin_publishes_a_report_and_each_caller_gets_its_result_with_drill_downs()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/deal", Form), 200);
        foreach (var (name, amount, stage) in new[] { ("a", 10, "open"), ("b", 20, "open"), ("c", 5, "won") })
            await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/deal/records", $$"""{ "name": "{{name}}", "amount": {{amount}}, "stage": "{{stage}}" }"""), 201);

        var dry = await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/reports/funnel?dryRun=true", Funnel), 200);
        Assert.That((dry["version"]!.GetValue<int>(), dry["dryRun"]!.GetValue<bool>()), Is.EqualTo((1, true)));
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/reports/funnel", Funnel), 200);
        var definition = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/reports/funnel"), 200);
        Assert.That((definition["type"]!.GetValue<string>(), definition["version"]!.GetValue<int>()), Is.EqualTo(("funnel", 1)));
        Assert.That((await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/reports"), 200)).AsArray().Single()!["type"]!.GetValue<string>(), Is.EqualTo("funnel"));

        var result = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/reports/funnel/result", language: "zh-CN"), 200);
        var open = result["rows"]![0]!;
        Assert.That((open["values"]!["count"]!.GetValue<long>(), open["values"]!["sum_amount"]!.GetValue<decimal>(), open["labels"]!["stage"]!.GetValue<string>()),
            Is.EqualTo((2L, 30m, "进行中")));
        Assert.That(open["drill"]!["field"]!.GetValue<string>(), Is.EqualTo("stage"));
        var drilled = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/deal/records/query",
            $$"""{ "filter": {{open["drill"]!.ToJsonString()}}, "count": true }"""), 200);
        Assert.That(drilled["total"]!.GetValue<long>(), Is.EqualTo(2));

        var narrowed = await ExpectAsync(await SendAsync(HttpMethod.Get,
            $"/api/apps/{app}/reports/funnel/result?filter={Uri.EscapeDataString("""{ "field": "amount", "op": "gt", "value": 15 }""")}"), 200);
        Assert.That(narrowed["rows"]![0]!["values"]!["count"]!.GetValue<long>(), Is.EqualTo(1));

        var preview = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/reports/run", """
            { "report": { "type": "kpi", "form": "deal", "measure": { "aggregate": "avg", "field": "amount" } } }
            """), 200);
        Assert.That(preview["rows"]![0]!["values"]!["value"]!.GetValue<decimal>(), Is.EqualTo(11.666667m));
    }

    [Test]
    public async Task A_report_and_a_dashboard_download_as_excel_workbooks()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/deal", Form), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/deal/records", """{ "name": "a", "amount": 10, "stage": "open" }"""), 201);
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/reports/funnel", Funnel.Replace("\"type\"", "\"name\": { \"en\": \"Funnel\", \"zh-CN\": \"漏斗\" }, \"type\"")), 200);
        var dashboard = """{ "name": "Sales", "filter": { "field": "amount", "op": "gt", "value": 5 }, "items": [ { "report": "funnel", "x": 0, "y": 0, "w": 12, "h": 4 } ] }""";
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/dashboards/sales", dashboard), 200);
        var overlap = await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/dashboards/bad",
            """{ "items": [ { "report": "funnel", "x": 0, "y": 0 }, { "report": "funnel", "x": 2, "y": 2 } ] }""", language: "zh-CN"), 422);
        Assert.That(overlap["errors"]!["items[1]"]![0]!.GetValue<string>(), Does.Contain("重叠"));

        var preview = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/dashboards/run",
            $$"""{ "dashboard": {{dashboard}}, "filter": { "field": "amount", "op": "gt", "value": 50 } }"""), 200);
        Assert.That(preview["items"]![0]!["result"]!["rows"]![0]!["values"]!["count"]!.GetValue<long>(), Is.Zero);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/dashboards/run", """{ "dashboard": { "items": [] } }"""), 422);
        var shown = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/dashboards/sales/result"), 200);
        Assert.That(shown["items"]![0]!["result"]!["rows"]![0]!["values"]!["count"]!.GetValue<long>(), Is.EqualTo(1));

        foreach (var (url, sheet) in new[] { ($"/api/apps/{app}/reports/funnel/export.xlsx", "漏斗"), ($"/api/apps/{app}/dashboards/sales/export.xlsx", "漏斗") })
        {
            var response = await SendAsync(HttpMethod.Get, url, language: "zh-CN");
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
            Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
            using var book = new ClosedXML.Excel.XLWorkbook(await response.Content.ReadAsStreamAsync());
            Assert.That((book.Worksheet(1).Name, book.Worksheet(1).Cell(4, 2).GetValue<decimal>()), Is.EqualTo((sheet, 1m)));
        }
        await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/dashboards/nothing/export.xlsx"), 404);
    }

    [Test]
    public async Task Bad_definitions_and_calls_are_refused_in_the_callers_language()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/deal", Form), 200);

        var bad = await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/reports/bad", """
            { "type": "ranking", "form": "deal", "groupBy": { "field": "owner" }, "measure": { "aggregate": "sum", "field": "name" } }
            """, language: "zh-CN"), 422);
        Assert.That(bad["errors"]!["measure.field"]![0]!.GetValue<string>(), Does.Contain("不适用于“name”"));
        var kind = await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/reports/g", """{ "type": "gauge", "form": "deal" }"""), 422);
        Assert.That(kind["errors"]!["type"]![0]!.GetValue<string>(), Does.Contain("gauge"));
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/reports/x", "[1]"), 422);
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/reports/x", """{ "key": "y", "type": "kpi", "form": "deal" }"""), 422);
        await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/reports/nothing/result"), 404);
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/reports/funnel", Funnel), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/reports/funnel/result?filter=%7Bnope"), 400);
        var unknownField = await ExpectAsync(await SendAsync(HttpMethod.Get,
            $"/api/apps/{app}/reports/funnel/result?filter={Uri.EscapeDataString("""{ "field": "nope", "op": "eq", "value": 1 }""")}"), 400);
        Assert.That(unknownField["errors"]!["filter"]![0]!.GetValue<string>(), Does.Contain("nope"));

        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/deal/records", """{ "name": "a", "amount": 10, "stage": "open" }"""), 201);
        using var own = await MemberAsync(app, "deal", "own", """{ "actions": ["read"], "read": "own" }""");
        using var blind = await MemberAsync(app, "deal", "blind", """{ "actions": ["create"] }""");
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/reports/mine", Funnel, client: own), 403);
        var theirs = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/reports/funnel/result", client: own), 200);
        Assert.That(theirs["rows"]![0]!["values"]!["count"]!.GetValue<long>(), Is.Zero, "the admin's record is outside a member's own scope");
        await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/reports/funnel/result", client: blind), 403);
        await ExpectAsync(await SendAsync(HttpMethod.Delete, $"/api/apps/{app}/reports/funnel"), 204);
        await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/reports/funnel"), 404);
    }
}
