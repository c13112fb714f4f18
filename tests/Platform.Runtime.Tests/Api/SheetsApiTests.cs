namespace Platform.Runtime.Tests.Api;

/// <summary>A form's records downloaded as spreadsheets, and the sheet an import is filled in on.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class SheetsApiTests(TestDatabase target) : ApiFixture(target)
{
    private const string Form = """
        { "key": "deal", "fields": [ { "key": "name", "type": "text" }, { "key": "amount", "type": "money" },
          { "key": "stage", "type": "select", "options": [ { "key": "open", "label": { "en": "Open", "zh-CN": "进行中" } }, { "key": "won" } ] } ] }
        """;

    [Test]
    public async Task Records_download_as_xlsx_or_csv_and_a_bad_request_is_a_problem_not_half_a_file()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/deal", Form), 200);
        foreach (var (name, amount) in new[] { ("b", 20), ("a", 10) })
            await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/deal/records", $$"""{ "name": "{{name}}", "amount": {{amount}}, "stage": "open" }"""), 201);
        var url = $"/api/apps/{app}/forms/deal/records/export";

        var xlsx = await SendAsync(HttpMethod.Get, $"{url}?sort=name&fields=name,amount,stage", language: "zh-CN");
        var csv = await SendAsync(HttpMethod.Get, $"{url}?format=csv&sort=-amount&fields=name,amount&filter={Uri.EscapeDataString("""{ "field": "amount", "op": "gt", "value": 5 }""")}");
        var bad = await ExpectAsync(await SendAsync(HttpMethod.Get, $"{url}?format=csv&sort=nope", language: "zh-CN"), 400);

        Assert.That(((int)xlsx.StatusCode, xlsx.Content.Headers.ContentType!.MediaType), Is.EqualTo((200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")));
        using (var book = new ClosedXML.Excel.XLWorkbook(await xlsx.Content.ReadAsStreamAsync()))
            Assert.That((book.Worksheet(1).Cell(2, 1).GetString(), book.Worksheet(1).Cell(2, 2).GetValue<decimal>(), book.Worksheet(1).Cell(2, 3).GetString()),
                Is.EqualTo(("a", 10m, "进行中")));
        Assert.That((await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n"), Is.EqualTo(new[] { "name,amount", "b,20", "a,10", "" }));
        Assert.That(bad["errors"]!["sort"], Is.Not.Null);
        var template = await SendAsync(HttpMethod.Get, $"/api/apps/{app}/forms/deal/import-template.xlsx", language: "zh-CN");
        using (var book = new ClosedXML.Excel.XLWorkbook(await template.Content.ReadAsStreamAsync()))
            Assert.That(book.Worksheet(1).Row(1).CellsUsed().Select(c => c.GetString()), Is.EqualTo(new[] { "name", "amount", "stage" }));
        await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/forms/nothing/records/export"), 404);
    }
}
