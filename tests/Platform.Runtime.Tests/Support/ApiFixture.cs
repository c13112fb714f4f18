using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Platform.Runtime.Tests.Support;

/// <summary>The real host over a fresh database, with an admin signed in. Each test makes its own app.</summary>
public abstract class ApiFixture(TestDatabase target)
{
    public const string AdminEmail = "admin@example.com";
    public const string AdminPassword = "correct horse battery";

    protected WebApplicationFactory<Program> Factory { get; private set; } = null!;

    /// <summary>Sign-ins per minute the host allows each address (all of a test host's come from one).</summary>
    protected virtual int SignInsPerMinute => 1000;

    /// <summary>Calls a second each token may make (0: no limit; tests call quickly on purpose).</summary>
    protected virtual int RequestsPerSecondPerToken => 0;

    /// <summary>Settings a fixture adds to the host's (<c>Platform:Imports:MaxFileBytes</c>...).</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    /// <summary>Signed in as the admin.</summary>
    protected HttpClient Client { get; private set; } = null!;

    /// <summary>The mail server the host sends email to, keeping what it takes.</summary>
    protected SmtpSink Mail { get; } = new();

    [OneTimeSetUp]
    public async Task StartHost()
    {
        if (target.Unavailable is { } reason) Assert.Ignore(reason);
        var database = await target.CreateAsync();
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host => host
            .UseSetting("Platform:Database:Provider", database.Dialect.Name)
            .UseSetting("Platform:Database:ConnectionString", database.ConnectionString)
            .UseSetting("Platform:MaxRequestBodyBytes", (1024 * 1024).ToString())
            .UseSetting("Platform:SignInsPerMinute", SignInsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Platform:RequestsPerSecondPerToken", RequestsPerSecondPerToken.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Platform:Mail:Host", "127.0.0.1")
            .UseSetting("Platform:Mail:Port", Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Platform:Mail:Security", "none")
            .UseSetting("Platform:Mail:From", "platform@example.com")
            .UseSetting("PLATFORM_ADMIN_EMAIL", AdminEmail)
            .UseSetting("PLATFORM_ADMIN_PASSWORD", AdminPassword)
            // Each fixture makes the apps it tests; the first start's CRM has its own tests (FirstStartTests).
            .UseSetting("Platform:FirstStartTemplates", "")
            .UseSettings(Settings));
        Client = await SignInAsync(AdminEmail, AdminPassword);
    }

    [OneTimeTearDown]
    public async Task StopHost()
    {
        if (target.Unavailable is not null) return;
        Client.Dispose();
        await Factory.DisposeAsync();
        Mail.Dispose();
        await target.DropAsync();
    }

    /// <summary>A new member (no rights yet), signed in: their id, email and client (dispose it).</summary>
    protected async Task<(long Id, string Email, HttpClient Client)> NewPersonAsync(string kind = "member", string? locale = null)
    {
        var email = $"{kind}{Guid.NewGuid():N}@example.com";
        var body = locale is null ? $$"""{ "email": "{{email}}", "password": "member password" }"""
            : $$"""{ "email": "{{email}}", "password": "member password", "locale": "{{locale}}" }""";
        var id = (await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/users", body), 201))["id"]!.GetValue<long>();
        return (id, email, await SignInAsync(email, "member password"));
    }

    /// <summary>A new member in a new role of the app whose rights on <paramref name="form"/> are <paramref name="permission"/>, signed in (dispose the client).</summary>
    protected async Task<HttpClient> MemberAsync(string app, string form, string role, string permission)
    {
        var (id, email, client) = await NewPersonAsync(role);
        client.Dispose();
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/roles", $$"""{ "key": "{{role}}", "name": "{{role}}" }"""), 201);
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/roles/{role}/members/{id}"), 204);
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/{form}/permissions/{role}", permission), 200);
        return await SignInAsync(email, "member password");
    }

    protected async Task<HttpClient> SignInAsync(string email, string password)
    {
        var client = Factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { email, password });
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    protected async Task<string> NewAppAsync()
    {
        var key = "app_" + Guid.NewGuid().ToString("N")[..10];
        var response = await Client.PostAsync("/api/apps", Body($$"""{ "key": "{{key}}", "name": { "en": "Sales", "zh-CN": "销售" } }"""));
        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
        return key;
    }

    protected async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? json = null, string? language = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (json is not null) request.Content = Body(json);
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        return await (client ?? Client).SendAsync(request);
    }

    protected static async Task<JsonNode> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    /// <summary>Asserts the status, and that an error answer is problem+json.</summary>
    public static async Task<JsonNode> ExpectAsync(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(status), text);
        if (status >= 400) Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), text);
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }
}

internal static class HostSettings
{
    public static Microsoft.AspNetCore.Hosting.IWebHostBuilder UseSettings(this Microsoft.AspNetCore.Hosting.IWebHostBuilder host, IReadOnlyDictionary<string, string> settings)
    {
        foreach (var (key, value) in settings) host.UseSetting(key, value);
        return host;
    }
}
