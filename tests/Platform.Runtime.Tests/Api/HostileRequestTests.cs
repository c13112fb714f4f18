using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Platform.Runtime.Tests.Api;

/// <summary>What a hostile or careless client sends gets a clear problem+json naming the place, never an empty 500.</summary>
[TestFixture]
public sealed class HostileRequestTests() : ApiFixture(new SqliteTestDatabase())
{
    private async Task<string> DealsAsync()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/deal", DealForm.Json), 200);
        return $"/api/apps/{app}/forms/deal/records";
    }

    private static async Task<HttpResponseMessage> RawAsync(HttpClient client, HttpMethod method, string url, byte[] body, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await client.SendAsync(request);
    }

    [TestCase("""{ "name": "A", "amount": 99999999999999999999999999999999999 }""", "amount")]
    [TestCase("""{ "name": "A", "amount": 1e400 }""", "amount")]
    [TestCase("""{ "name": "A", "owner": 99999999999999999999 }""", "owner")]
    [TestCase("""{ "name": "A", "version": 99999999999999999999 }""", "version")]
    [TestCase("""{ "name": "\ud800" }""", "name")]
    [TestCase("""{ "name": "A", "name": "B" }""", "name")]
    [TestCase("""{ "name": "A", "tags": ["vip", "\udc00"] }""", "tags[1]")]
    public async Task A_create_with_a_value_no_one_can_store_is_a_400_naming_the_field(string body, string field)
    {
        var records = await DealsAsync();

        var problem = await ExpectAsync(await SendAsync(HttpMethod.Post, records, body), 400);

        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain(field), problem.ToJsonString());
        var list = await ExpectAsync(await SendAsync(HttpMethod.Post, records + "/query", "{}"), 200);
        Assert.That(list["items"]!.AsArray(), Is.Empty);
    }

    [TestCase("""[ { "name": "A", "amount": 1e400 } ]""", "[0].amount")]
    [TestCase("""[ { "name": "A" }, { "name": "\ud800" } ]""", "[1].name")]
    public async Task A_batch_with_such_a_value_is_a_400_naming_the_item(string body, string field)
    {
        var records = await DealsAsync();

        var problem = await ExpectAsync(await SendAsync(HttpMethod.Post, records + "/batch", body), 400);

        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain(field), problem.ToJsonString());
    }

    [TestCase("""{ "amount": 1e400 }""", "amount")]
    [TestCase("""{ "version": 99999999999999999999 }""", "version")]
    [TestCase("""{ "name": "\ud800", "version": 1 }""", "name")]
    public async Task A_patch_with_such_a_value_is_a_400_naming_the_field(string body, string field)
    {
        var records = await DealsAsync();
        var created = await ExpectAsync(await SendAsync(HttpMethod.Post, records, """{ "name": "A" }"""), 201);

        var problem = await ExpectAsync(await SendAsync(HttpMethod.Patch, $"{records}/{created["id"]}", body), 400);

        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain(field), problem.ToJsonString());
    }

    [Test]
    public async Task Invalid_utf8_is_a_400_even_before_sign_in()
    {
        using var anonymous = Factory.CreateClient();
        var bytes = Encoding.UTF8.GetBytes("""{ "email": "a@example.com", "password": "x""").Concat(new byte[] { 0xC3, 0x28 }).Concat("\" }"u8.ToArray()).ToArray();

        var token = await ExpectAsync(await RawAsync(anonymous, HttpMethod.Post, "/api/auth/token", bytes), 400);
        var surrogate = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/auth/token", """{ "email": "a@example.com", "password": "\ud800" }""", client: anonymous), 400);
        var records = await DealsAsync();
        var record = await ExpectAsync(await RawAsync(Client, HttpMethod.Post, records, Encoding.UTF8.GetBytes("""{ "name": "x""").Concat(new byte[] { 0xFF }).Concat("\" }"u8.ToArray()).ToArray()), 400);

        Assert.That(token["codes"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "body" }));
        Assert.That(surrogate["codes"]!["password"]![0]!.GetValue<string>(), Is.EqualTo("json.invalidText"));
        Assert.That(record["codes"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "body" }));
    }

    [Test]
    public async Task Duplicate_keys_are_refused_everywhere()
    {
        using var anonymous = Factory.CreateClient();
        var app = await NewAppAsync();

        var signIn = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/auth/token",
            $$"""{ "email": "{{AdminEmail}}", "password": "wrong", "password": "{{AdminPassword}}" }""", client: anonymous), 400);
        var form = await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/f",
            """{ "key": "f", "fields": [ { "key": "a", "type": "text", "type": "number" } ] }"""), 400);

        Assert.That(signIn["codes"]!["password"]![0]!.GetValue<string>(), Is.EqualTo("json.duplicateKey"));
        Assert.That(form["codes"]!["fields[0].type"]![0]!.GetValue<string>(), Is.EqualTo("json.duplicateKey"));
    }

    [Test]
    public async Task A_body_that_is_not_json_gets_415_and_writes_nothing()
    {
        var records = await DealsAsync();

        var response = await RawAsync(Client, HttpMethod.Post, records, """{ "name": "A" }"""u8.ToArray(), "text/plain");
        await ExpectAsync(response, 415);
        var list = await ExpectAsync(await SendAsync(HttpMethod.Post, records + "/query", "{}"), 200);

        Assert.That(list["items"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task Answers_carry_the_headers_a_careful_client_expects()
    {
        using var anonymous = Factory.CreateClient();

        var unauthorized = await anonymous.GetAsync("/api/apps");
        var token = await SendAsync(HttpMethod.Post, "/api/auth/token", $$"""{ "email": "{{AdminEmail}}", "password": "{{AdminPassword}}" }""", client: anonymous);
        var health = await anonymous.GetAsync("/health");
        var docs = await anonymous.GetAsync("/docs");

        Assert.That(unauthorized.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(unauthorized.Headers.WwwAuthenticate.Select(h => h.Scheme), Does.Contain("Bearer"));
        Assert.That(token.Headers.CacheControl?.NoStore, Is.True);
        string? Header(HttpResponseMessage response, string name) =>
            response.Headers.TryGetValues(name, out var values) ? values.Single() : response.Content.Headers.TryGetValues(name, out values) ? values.Single() : null;
        foreach (var response in new[] { unauthorized, token, health, docs })
        {
            Assert.That(Header(response, "X-Content-Type-Options"), Is.EqualTo("nosniff"));
            Assert.That(response.Headers.Contains("Server"), Is.False);
            Assert.That(Header(response, "X-Frame-Options"), Is.EqualTo("DENY"));
            Assert.That(Header(response, "Referrer-Policy"), Is.EqualTo("same-origin"));
            Assert.That(Header(response, "Content-Security-Policy"), Does.Contain("default-src 'self'").And.Contain("frame-ancestors 'none'").And.Contain("object-src 'none'"));
        }
        var page = await docs.Content.ReadAsStringAsync();
        var theme = await anonymous.GetAsync("/theme.css");
        Assert.That(theme.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/css"), "the web app's theme, served by the runtime to anyone (the sign-in page uses it)");
        Assert.That(await theme.Content.ReadAsStringAsync(), Does.Contain(":root").And.Contain("--mud-palette-primary:").And.Not.Contain("<style"));
        Assert.That(page, Does.Not.Contain("https://cdn").And.Not.Contain("//unpkg").And.Not.Contain("jsdelivr"),
            "the docs page loads nothing from elsewhere, which the policy would block");
    }

    [TestCase("GET", "/api/nowhere", 404)]
    [TestCase("DELETE", "/health", 405)]
    [TestCase("GET", "/api/apps/none/forms/none/records/1", 404)]
    public async Task No_error_answer_has_an_empty_body(string method, string url, int status)
    {
        var problem = await ExpectAsync(await SendAsync(new HttpMethod(method), url), status);

        Assert.That(problem["status"]!.GetValue<int>(), Is.EqualTo(status));
        Assert.That(problem["title"]!.GetValue<string>(), Is.Not.Empty);
    }

    [Test]
    public async Task An_array_where_an_object_belongs_names_no_dotnet_type()
    {
        var records = await DealsAsync();

        var response = await SendAsync(HttpMethod.Post, records, """{ "name": ["a"], "stage": { "x": 1 } }""");
        var text = await response.Content.ReadAsStringAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That(text, Does.Not.Contain("System.").And.Not.Contain("`1").And.Not.Contain("Immutable"));
    }

    [TestCase("javascript:alert(1)")]
    [TestCase("data:text/html,<script>alert(1)</script>")]
    [TestCase("file:///etc/passwd")]
    public async Task An_attachment_takes_only_web_or_platform_links(string url)
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/doc",
            """{ "key": "doc", "fields": [ { "key": "files", "type": "attachment" } ] }"""), 200);
        var records = $"/api/apps/{app}/forms/doc/records";

        var bad = await ExpectAsync(await SendAsync(HttpMethod.Post, records, $$"""{ "files": [ { "name": "x", "url": {{System.Text.Json.JsonSerializer.Serialize(url)}} } ] }"""), 400);
        await ExpectAsync(await SendAsync(HttpMethod.Post, records, """{ "files": [ { "name": "x", "url": "https://files.example.com/a.pdf" } ] }"""), 201);
        // A link of this platform's own must name a file stored here (and, for a person, one they uploaded: FilesApiTests).
        var unknown = await ExpectAsync(await SendAsync(HttpMethod.Post, records, """{ "files": [ { "name": "y", "url": "/files/12" } ] }"""), 400);
        Assert.That(unknown["codes"]!["files[0]"]![0]!.GetValue<string>(), Is.EqualTo("file.notFound"));

        Assert.That(bad["codes"]!["files"]![0]!.GetValue<string>(), Is.EqualTo("attachment.url"));
    }
}
