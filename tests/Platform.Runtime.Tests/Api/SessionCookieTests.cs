using Microsoft.AspNetCore.Mvc.Testing;

namespace Platform.Runtime.Tests.Api;

/// <summary>
/// The web app's sign-in: an HTTP-only session cookie, checked against the database on every call, that cannot change
/// anything without the session's anti-forgery token.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class SessionCookieTests(TestDatabase target) : ApiFixture(target)
{
    private const string Password = "a session password";

    /// <summary>A new user, signed in with the cookie: the client (which keeps cookies), the cookies sent, and the anti-forgery token.</summary>
    private async Task<(HttpClient Client, string Cookies, string Antiforgery, long Id)> SessionAsync()
    {
        var email = $"web{Guid.NewGuid():N}@example.com";
        var user = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/users", $$"""{ "email": "{{email}}", "password": "{{Password}}", "name": "Web" }"""), 201);
        var client = Factory.CreateClient();
        var response = await SendAsync(HttpMethod.Post, "/api/auth/session", $$"""{ "email": "{{email}}", "password": "{{Password}}" }""", client: client);
        var body = await ExpectAsync(response, 200);
        var cookies = string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        return (client, cookies, body["antiforgery"]!.GetValue<string>(), user["id"]!.GetValue<long>());
    }

    private HttpClient WithoutCookieJar(string cookies)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookies);
        return client;
    }

    [Test]
    public async Task A_session_cookie_signs_in_is_http_only_and_carries_no_token_in_the_answer()
    {
        var email = $"web{Guid.NewGuid():N}@example.com";
        await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/users", $$"""{ "email": "{{email}}", "password": "{{Password}}" }"""), 201);
        using var client = Factory.CreateClient();

        var response = await SendAsync(HttpMethod.Post, "/api/auth/session", $$"""{ "email": "{{email}}", "password": "{{Password}}" }""", client: client);
        var me = await ExpectAsync(await client.GetAsync("/api/me"), 200);

        var session = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("platform.session=", StringComparison.Ordinal));
        Assert.That(session, Does.Contain("httponly").IgnoreCase.And.Contain("samesite=lax").IgnoreCase);
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("token\""), "the session lives in the cookie only");
        Assert.That(me["user"]!["email"]!.GetValue<string>(), Is.EqualTo(email));
    }

    [TestCase("""{ "email": "nobody@example.com", "password": "wrong password" }""", 401, "auth.invalid")]
    [TestCase("""{ "email": "" }""", 400, null)]
    public async Task A_wrong_or_missing_password_sets_no_cookie(string json, int status, string? code)
    {
        using var client = Factory.CreateClient();

        var response = await SendAsync(HttpMethod.Post, "/api/auth/session", json, client: client);
        var problem = await ExpectAsync(response, status);

        Assert.That(response.Headers.Contains("Set-Cookie"), Is.False);
        if (code is not null) Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo(code));
        await ExpectAsync(await client.GetAsync("/api/me"), 401);
    }

    [Test]
    public async Task A_change_made_with_the_cookie_needs_the_sessions_antiforgery_token()
    {
        var (client, _, antiforgery, _) = await SessionAsync();
        var forged = await SendAsync(HttpMethod.Post, "/api/me/tokens", """{ "name": "forged", "expiresInDays": 1 }""", client: client);
        var wrong = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/me/tokens")
        {
            Content = Body("""{ "name": "forged", "expiresInDays": 1 }"""),
            Headers = { { "X-XSRF-TOKEN", "not the token" } },
        });
        var made = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/me/tokens")
        {
            Content = Body("""{ "name": "mine", "expiresInDays": 1 }"""),
            Headers = { { "X-XSRF-TOKEN", antiforgery } },
        });
        var fresh = await ExpectAsync(await client.GetAsync("/api/auth/antiforgery"), 200);
        var tokens = await ExpectAsync(await client.GetAsync("/api/me/tokens"), 200);

        Assert.That((await ExpectAsync(forged, 403))["code"]!.GetValue<string>(), Is.EqualTo("auth.antiforgery"));
        Assert.That((await ExpectAsync(wrong, 403))["code"]!.GetValue<string>(), Is.EqualTo("auth.antiforgery"));
        await ExpectAsync(made, 201);
        Assert.That(fresh["header"]!.GetValue<string>(), Is.EqualTo("X-XSRF-TOKEN"));
        Assert.That(tokens.AsArray().Select(t => t!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "mine" }), "the forged calls changed nothing");
    }

    [Test]
    public async Task A_disabled_user_is_refused_with_their_cookie_on_the_next_call()
    {
        var (client, _, _, id) = await SessionAsync();
        await ExpectAsync(await client.GetAsync("/api/me"), 200);

        await ExpectAsync(await SendAsync(HttpMethod.Patch, $"/api/users/{id}", """{ "active": false }"""), 200);
        var refused = await client.GetAsync("/api/me");

        await ExpectAsync(refused, 401);
    }

    [Test]
    public async Task A_signed_out_session_is_refused_even_when_its_cookie_is_sent_again()
    {
        var (client, cookies, antiforgery, _) = await SessionAsync();
        using var replay = WithoutCookieJar(cookies);
        await ExpectAsync(await replay.GetAsync("/api/me"), 200);

        var signOut = await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/auth/session") { Headers = { { "X-XSRF-TOKEN", antiforgery } } });
        var after = await client.GetAsync("/api/me");
        var replayed = await replay.GetAsync("/api/me");

        await ExpectAsync(signOut, 204);
        await ExpectAsync(after, 401);
        await ExpectAsync(replayed, 401);
    }
}

/// <summary>Each token may make so many calls a second; another token is not slowed by it.</summary>
[TestFixture]
public sealed class TokenRateLimitTests() : ApiFixture(new SqliteTestDatabase())
{
    protected override int RequestsPerSecondPerToken => 3;

    [Test]
    public async Task Calls_past_a_tokens_rate_get_429_and_other_tokens_go_on()
    {
        using var other = await SignInAsync(AdminEmail, AdminPassword);
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++) answers.Add(await Client.GetAsync("/api/me"));

        var others = await other.GetAsync("/api/me");

        var limited = answers.Where(a => (int)a.StatusCode == 429).ToList();
        Assert.That(limited, Is.Not.Empty, "12 calls at once are more than 3 a second with bursts of 6");
        Assert.That((await ExpectAsync(limited[0], 429))["code"]!.GetValue<string>(), Is.EqualTo("auth.tooFast"));
        Assert.That(limited[0].Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)));
        await ExpectAsync(others, 200);
    }
}
