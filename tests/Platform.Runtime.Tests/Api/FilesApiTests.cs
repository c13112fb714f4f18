using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Platform.Runtime.Tests.Api;

/// <summary>
/// Files through the API: uploaded as multipart and typed by their bytes, linked by an attachment field, downloaded through
/// the record with its rights and never served as something a browser would run; bad uploads are problems, nothing kept.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class FilesApiTests(TestDatabase target) : ApiFixture(target)
{
    private const string Form = """
        { "key": "deal", "fields": [ { "key": "name", "type": "text", "required": true },
          { "key": "files", "type": "attachment", "label": { "en": "Files", "zh-CN": "附件" } } ] }
        """;

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "platform-api-files-" + Guid.NewGuid().ToString("N"));

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Platform:Files:MaxFileBytes"] = "100000",
        ["Platform:Files:Directory"] = _folder,
    };

    [OneTimeTearDown]
    public void RemoveFolder()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static MultipartFormDataContent Upload(byte[] file, string name, string claimed = "application/octet-stream")
    {
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(claimed);
        return new MultipartFormDataContent { { part, "file", name } };
    }

    private async Task<HttpResponseMessage> PostAsync(HttpContent content, HttpClient? client = null, string? language = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/files") { Content = content };
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        return await (client ?? Client).SendAsync(request);
    }

    [Test]
    public async Task A_file_uploads_links_and_downloads_through_its_record_typed_by_its_bytes()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/deal", Form), 200);

        // A picture named like text and claimed as a page is a picture; a page named like a picture is text.
        var photo = await ExpectAsync(await PostAsync(Upload(Png, "site.txt", "text/html")), 201);
        Assert.That((photo["name"]!.GetValue<string>(), photo["contentType"]!.GetValue<string>(), photo["size"]!.GetValue<long>()),
            Is.EqualTo(("site.txt", "image/png", (long)Png.Length)));
        Assert.That(photo["url"]!.GetValue<string>(), Does.Match("^/files/[0-9a-f]{64}$"));
        var page = await ExpectAsync(await PostAsync(Upload("<script>alert(1)</script>"u8.ToArray(), "photo.png", "image/png")), 201);
        Assert.That(page["contentType"]!.GetValue<string>(), Does.StartWith("text/plain"));

        var record = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/deal/records",
            new JsonObject { ["name"] = "Acme", ["files"] = new JsonArray(photo.DeepClone(), page.DeepClone()) }.ToJsonString()), 201);
        var files = $"/api/apps/{app}/forms/deal/records/{record["id"]}/files";

        var shown = await Client.GetAsync($"{files}/{photo["url"]!.GetValue<string>()[7..]}");
        Assert.That((int)shown.StatusCode, Is.EqualTo(200));
        Assert.That(shown.Content.Headers.ContentType!.MediaType, Is.EqualTo("image/png"));
        Assert.That(shown.Content.Headers.ContentDisposition!.DispositionType, Is.EqualTo("inline"), "an image is previewed in the page");
        Assert.That(await shown.Content.ReadAsByteArrayAsync(), Is.EqualTo(Png));
        Assert.That(shown.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));

        var saved = await Client.GetAsync($"{files}/{page["url"]!.GetValue<string>()[7..]}");
        Assert.That(saved.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/plain"));
        Assert.That(saved.Content.Headers.ContentDisposition!.DispositionType, Is.EqualTo("attachment"), "a page is never run: it is saved");
        Assert.That(saved.Content.Headers.ContentDisposition.FileNameStar ?? saved.Content.Headers.ContentDisposition.FileName, Is.EqualTo("photo.png"));
        Assert.That(saved.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("sandbox"));

        // The uploader sees their own upload before any record links it; nobody else does.
        var own = $"/api{page["url"]!.GetValue<string>()}";
        await ExpectStatusAsync(await Client.GetAsync(own), 200);
        var (_, _, stranger) = await NewPersonAsync();
        using (stranger) await ExpectStatusAsync(await stranger.GetAsync(own), 404);
        await ExpectStatusAsync(await Client.GetAsync($"{files}/{new string('0', 64)}"), 404);
    }

    [Test]
    public async Task The_records_rights_apply_and_someone_elses_upload_cannot_be_linked()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/deal", Form), 200);
        var photo = await ExpectAsync(await PostAsync(Upload(Png, "site.png")), 201);
        var record = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/deal/records",
            new JsonObject { ["name"] = "Acme", ["files"] = new JsonArray(photo.DeepClone()) }.ToJsonString()), 201);
        var download = $"/api/apps/{app}/forms/deal/records/{record["id"]}/files/{photo["url"]!.GetValue<string>()[7..]}";

        using var own = await MemberAsync(app, "deal", "own", """{ "actions": ["create", "read", "update"], "read": "own" }""");
        await ExpectStatusAsync(await own.GetAsync(download), 404);
        using var blind = await MemberAsync(app, "deal", "blind", """{ "actions": ["read"], "fields": { "files": "hidden" } }""");
        await ExpectStatusAsync(await blind.GetAsync(download), 404);
        using var nobody = Factory.CreateClient();
        await ExpectStatusAsync(await nobody.GetAsync(download), 401);

        // The member may write records, but not one linking the admin's upload (and so reach it through their record).
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/apps/{app}/forms/deal/records")
        {
            Content = Body(new JsonObject { ["name"] = "Mine", ["files"] = new JsonArray(photo.DeepClone()) }.ToJsonString()),
        };
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var refused = await ExpectAsync(await own.SendAsync(request), 400);
        Assert.That(refused["errors"]!["files[0]"]![0]!.GetValue<string>(), Is.EqualTo("只能附加你自己上传的文件。"));
    }

    [Test]
    public async Task Bad_uploads_are_problems_and_nothing_is_kept()
    {
        var tooLarge = await ExpectAsync(await PostAsync(Upload(new byte[150_000], "big.bin"), language: "zh-CN"), 413);
        Assert.That(tooLarge["detail"]!.GetValue<string>(), Is.EqualTo("文件最大为 0.1 MB。"));
        var noFile = await ExpectAsync(await PostAsync(new MultipartFormDataContent { { new StringContent("x"), "other" } }), 400);
        Assert.That(noFile["errors"]!["file"], Is.Not.Null);
        var noName = await ExpectAsync(await PostAsync(Upload([1, 2], "..")), 400);
        Assert.That(noName["errors"]!["name"], Is.Not.Null);
        await ExpectAsync(await PostAsync(new StringContent("{}", Encoding.UTF8, "application/json")), 415);
        var kept = Directory.Exists(_folder) ? Directory.GetFiles(_folder, "*", SearchOption.AllDirectories) : [];
        Assert.That(kept.Where(f => new FileInfo(f).Length == 150_000 || f.StartsWith(Path.Combine(_folder, "tmp"), StringComparison.Ordinal)), Is.Empty,
            "neither the refused file nor a part of it is kept");
    }

    private static async Task ExpectStatusAsync(HttpResponseMessage response, int status) =>
        Assert.That((int)response.StatusCode, Is.EqualTo(status), await response.Content.ReadAsStringAsync());
}
