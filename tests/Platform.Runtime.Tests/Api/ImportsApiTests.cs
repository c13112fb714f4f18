using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ClosedXML.Excel;

namespace Platform.Runtime.Tests.Api;

/// <summary>
/// Imports through the API: a multipart upload answered with a job at once, followed to its end by the background host;
/// the preview of a sheet; the error report; cancel; and every bad request answered with a problem, nothing kept.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class ImportsApiTests(TestDatabase target) : ApiFixture(target)
{
    private const string Form = """
        { "key": "lead", "fields": [ { "key": "name", "type": "text", "required": true, "label": { "en": "Name", "zh-CN": "名称" } },
          { "key": "amount", "type": "money", "label": { "en": "Amount", "zh-CN": "金额" } } ] }
        """;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Platform:Imports:MaxFileBytes"] = "200000" };

    private static MultipartFormDataContent Upload(byte[] file, string name, params (string Key, string Value)[] fields)
    {
        var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(part, "file", name);
        foreach (var (key, value) in fields) content.Add(new StringContent(value), key);
        return content;
    }

    private async Task<HttpResponseMessage> PostAsync(string url, HttpContent content, HttpClient? client = null, string? language = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        return await (client ?? Client).SendAsync(request);
    }

    private async Task<JsonNode> UntilEndedAsync(string url)
    {
        for (var i = 0; i < 300; i++)
        {
            var import = await ExpectAsync(await SendAsync(HttpMethod.Get, url), 200);
            if (import["status"]!.GetValue<string>() is "done" or "failed" or "cancelled") return import;
            await Task.Delay(100);
        }
        Assert.Fail("the import did not end");
        return null!;
    }

    private static byte[] Workbook()
    {
        using var book = new XLWorkbook();
        var sheet = book.Worksheets.Add("线索");
        sheet.Cell(1, 1).Value = "名称";
        sheet.Cell(1, 2).Value = "金额";
        sheet.Cell(2, 1).Value = "华为";
        sheet.Cell(2, 2).Value = 1000;
        sheet.Cell(3, 1).Value = "腾讯";
        sheet.Cell(3, 2).Value = "很多";
        using var file = new MemoryStream();
        book.SaveAs(file);
        return file.ToArray();
    }

    [Test]
    public async Task A_sheet_uploads_as_a_job_that_ends_with_its_counts_and_an_error_report()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead", Form), 200);
        var imports = $"/api/apps/{app}/forms/lead/imports";

        var preview = await ExpectAsync(await PostAsync($"{imports}/preview", Upload(Workbook(), "线索.xlsx")), 200);
        Assert.That((preview["mapping"]!["名称"]!.GetValue<string>(), preview["mapping"]!["金额"]!.GetValue<string>()), Is.EqualTo(("name", "amount")));
        Assert.That(preview["rows"]![1]![1]!.GetValue<string>(), Is.EqualTo("很多"));

        var accepted = await PostAsync(imports, Upload(Workbook(), "线索.xlsx", ("mode", "insert")));
        var job = await ExpectAsync(accepted, 202);
        Assert.That(accepted.Headers.Location!.ToString(), Is.EqualTo($"{imports}/{job["id"]}"));
        var ended = await UntilEndedAsync(accepted.Headers.Location.ToString());

        Assert.That((ended["status"]!.GetValue<string>(), ended["created"]!.GetValue<long>(), ended["failed"]!.GetValue<long>(), ended["total"]!.GetValue<long>()),
            Is.EqualTo(("done", 1L, 1L, 2L)));
        var report = await SendAsync(HttpMethod.Get, $"{imports}/{job["id"]}/errors.xlsx", language: "zh-CN");
        Assert.That((int)report.StatusCode, Is.EqualTo(200));
        using (var book = new XLWorkbook(await report.Content.ReadAsStreamAsync()))
        {
            var sheet = book.Worksheet(1);
            Assert.That(sheet.Row(1).CellsUsed().Select(c => c.GetString()), Is.EqualTo(new[] { "名称", "金额", "原行号", "错误" }));
            Assert.That((sheet.Cell(2, 1).GetString(), sheet.Cell(2, 3).GetValue<int>(), sheet.Cell(2, 4).GetString()), Is.EqualTo(("腾讯", 3, "金额：应为数字。")));
        }
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"{imports}/{job["id"]}/cancel"), 409);
        var query = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/lead/records/query", """{ "count": true }"""), 200);
        Assert.That(query["total"]!.GetValue<long>(), Is.EqualTo(1));
    }

    [Test]
    public async Task Bad_uploads_are_problems_and_nothing_is_kept()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead", Form), 200);
        var imports = $"/api/apps/{app}/forms/lead/imports";
        var csv = Encoding.UTF8.GetBytes("Name,Amount\na,1\n");

        var noFile = await ExpectAsync(await PostAsync(imports, new MultipartFormDataContent { { new StringContent("insert"), "mode" } }), 400);
        Assert.That(noFile["errors"]!["file"], Is.Not.Null);
        var badSettings = await ExpectAsync(await PostAsync(imports, Upload(csv, "a.csv", ("mode", "merge"), ("mapping", """{ "Name": "nope" }""")), language: "zh-CN"), 400);
        Assert.That(badSettings["errors"]!["mode"]![0]!.GetValue<string>(), Does.Contain("不是导入方式"));
        Assert.That(badSettings["errors"]!["mapping.Name"], Is.Not.Null);
        await ExpectAsync(await PostAsync(imports, Upload(csv, "a.csv", ("mapping", "[1, 2"))), 400);
        await ExpectAsync(await PostAsync(imports, Upload(csv, "a.csv", ("workflows", "perhaps"))), 400);
        var format = await ExpectAsync(await PostAsync(imports, Upload(csv, "a.pdf")), 400);
        Assert.That(format["errors"]!["file"]![0]!.GetValue<string>(), Does.Contain(".xlsx and .csv"));
        var tooLarge = await ExpectAsync(await PostAsync(imports, Upload(new byte[300_000], "big.csv")), 413);
        Assert.That(tooLarge["code"]?.GetValue<string>() ?? tooLarge.ToJsonString(), Does.Contain("tooLarge"));
        await ExpectAsync(await PostAsync(imports, new StringContent("{}", Encoding.UTF8, "application/json")), 415);
        await ExpectAsync(await SendAsync(HttpMethod.Get, $"{imports}/999999"), 404);

        using var reader = await MemberAsync(app, "lead", "reader", """{ "actions": ["read", "create"] }""");
        await ExpectAsync(await PostAsync(imports, Upload(csv, "a.csv"), reader), 403);
        var query = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/lead/records/query", """{ "count": true }"""), 200);
        Assert.That(query["total"]!.GetValue<long>(), Is.Zero);
    }

    [Test]
    public async Task An_import_acts_with_the_importers_scope_on_their_own_attributes()
    {
        var key = "region" + Guid.NewGuid().ToString("N")[..6];
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/user-attributes/{key}", """{ "name": "Sales region" }"""), 200);
        var (id, email, client) = await NewPersonAsync("regional");
        client.Dispose();
        await ExpectAsync(await SendAsync(HttpMethod.Patch, $"/api/users/{id}", $$"""{ "attributes": { "{{key}}": "east" } }"""), 200);
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/account",
            """{ "key": "account", "fields": [ { "key": "name", "type": "text" }, { "key": "region", "type": "text" }, { "key": "amount", "type": "money" } ] }"""), 200);
        foreach (var (name, region) in new[] { ("A", "east"), ("B", "west") })
            await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/account/records", $$"""{ "name": "{{name}}", "region": "{{region}}" }"""), 201);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/roles", """{ "key": "regional", "name": "Regional" }"""), 201);
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/roles/regional/members/{id}", null), 204);
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/account/permissions/regional",
            $$"""{ "actions": ["read", "update", "import"], "read": { "filter": { "field": "region", "op": "eq", "value": { "me": "{{key}}" } } } }"""), 200);
        using var member = await SignInAsync(email, "member password");
        var imports = $"/api/apps/{app}/forms/account/imports";

        var job = await ExpectAsync(await PostAsync(imports, Upload(Encoding.UTF8.GetBytes("name,amount\nA,1\nB,2\n"), "a.csv", ("mode", "update"), ("key", "name")), member), 202);
        var ended = await UntilEndedAsync($"{imports}/{job["id"]}");

        Assert.That((ended["updated"]!.GetValue<long>(), ended["failed"]!.GetValue<long>()), Is.EqualTo((1L, 1L)), "A is in the member's region, B is not theirs to change");
    }

    [Test]
    public async Task Someone_elses_import_is_not_theirs_to_see()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead", Form), 200);
        var imports = $"/api/apps/{app}/forms/lead/imports";
        var job = await ExpectAsync(await PostAsync(imports, Upload(Encoding.UTF8.GetBytes("Name\nx\n"), "a.csv")), 202);
        using var importer = await MemberAsync(app, "lead", "importer", """{ "actions": ["read", "create", "import"] }""");

        await ExpectAsync(await SendAsync(HttpMethod.Get, $"{imports}/{job["id"]}", client: importer), 404);
        await ExpectAsync(await SendAsync(HttpMethod.Get, $"{imports}/{job["id"]}/errors.xlsx", client: importer), 404);
        var theirs = await ExpectAsync(await PostAsync(imports, Upload(Encoding.UTF8.GetBytes("Name\ny\n"), "b.csv"), importer), 202);
        var ended = await UntilEndedAsync($"{imports}/{theirs["id"]}");
        Assert.That(ended["created"]!.GetValue<long>(), Is.EqualTo(1), "the admin sees every import");
    }
}
