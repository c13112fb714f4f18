using Microsoft.Extensions.DependencyInjection;

namespace Platform.Runtime.Tests.Api;

/// <summary>Passwords people cannot guess easily, accounts that lock after repeated failures, and passwords changed and reset.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class SignInTests(TestDatabase target) : ApiFixture(target)
{
    [Test]
    public async Task Five_wrong_passwords_lock_the_account_even_for_the_right_one()
    {
        var email = await NewUserAsync("right password");
        using var anonymous = Factory.CreateClient();
        for (var i = 0; i < 5; i++)
            await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/auth/token", $$"""{ "email": "{{email}}", "password": "wrong guess {{i}}" }""", client: anonymous), 401);

        var locked = await SendAsync(HttpMethod.Post, "/api/auth/token", $$"""{ "email": "{{email}}", "password": "right password" }""", language: "zh-CN", client: anonymous);
        var problem = await ExpectAsync(locked, 429);

        Assert.That(problem["code"]!.GetValue<string>(), Is.EqualTo("auth.locked"));
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("锁定"));
        Assert.That(int.Parse(locked.Headers.RetryAfter!.ToString()), Is.InRange(1, 15 * 60));
        var audit = (await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/audit?action=signInFailed&size=10"), 200)).AsArray();
        Assert.That(audit.Count(e => e!["target"]!.GetValue<string>() == email), Is.EqualTo(5));
    }

    [TestCase("password123", "password.common")]
    [TestCase("QWERTY123", "password.common")]
    [TestCase("short", "password.short")]
    public async Task A_common_or_short_password_is_refused(string password, string code)
    {
        var problem = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/users",
            $$"""{ "email": "x{{Guid.NewGuid():N}}@example.com", "password": "{{password}}" }""", language: "zh-CN"), 400);

        Assert.That(problem["codes"]!["password"]![0]!.GetValue<string>(), Is.EqualTo(code));
        Assert.That(problem["errors"]!["password"]![0]!.GetValue<string>(), Does.Contain("密码"));
    }

    [Test]
    public async Task A_user_changes_their_password_and_their_old_tokens_stop_working()
    {
        var email = await NewUserAsync("first password");
        using var user = await SignInAsync(email, "first password");
        using var other = await SignInAsync(email, "first password");

        var wrong = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/me/password",
            """{ "currentPassword": "not it", "newPassword": "password" }""", client: user), 400);
        var changed = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/me/password",
            """{ "currentPassword": "first password", "newPassword": "second password" }""", client: user), 200);

        Assert.That(wrong["errors"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "currentPassword", "newPassword" }));
        await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/me", client: other), 401);
        using var fresh = Factory.CreateClient();
        fresh.DefaultRequestHeaders.Authorization = new("Bearer", changed["token"]!.GetValue<string>());
        await ExpectAsync(await fresh.GetAsync("/api/me"), 200);
        using var again = await SignInAsync(email, "second password");
    }

    [Test]
    public async Task A_password_reset_by_an_admin_must_be_changed_before_anything_else()
    {
        var email = await NewUserAsync("first password");
        using var before = await SignInAsync(email, "first password");
        var id = (await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/me", client: before), 200))["user"]!["id"]!.GetValue<long>();

        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/users/{id}/password", """{ "password": "temporary password" }"""), 204);
        await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/me", client: before), 401);
        using var reset = await SignInAsync(email, "temporary password");
        var gated = await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/apps", client: reset), 403);
        await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/me", client: reset), 200);
        var changed = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/me/password",
            """{ "currentPassword": "temporary password", "newPassword": "my own password" }""", client: reset), 200);
        using var after = Factory.CreateClient();
        after.DefaultRequestHeaders.Authorization = new("Bearer", changed["token"]!.GetValue<string>());

        Assert.That(gated["code"]!.GetValue<string>(), Is.EqualTo("auth.mustChangePassword"));
        await ExpectAsync(await after.GetAsync("/api/apps"), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/users/999999/password", """{ "password": "another password" }"""), 404);
    }

    private async Task<string> NewUserAsync(string password)
    {
        var email = $"s{Guid.NewGuid():N}@example.com";
        await Factory.Services.GetRequiredService<Platform.Engine.Users.UserService>().CreateAsync(email, password, "Someone", isAdmin: false);
        return email;
    }
}

/// <summary>Sign-in attempts from one address are limited per minute, whoever they are for.</summary>
[TestFixture]
public sealed class SignInLimitTests() : ApiFixture(new SqliteTestDatabase())
{
    protected override int SignInsPerMinute => 4;

    [Test]
    public async Task Attempts_past_the_limit_get_429_with_when_to_try_again()
    {
        using var anonymous = Factory.CreateClient();
        var answers = new List<int>();
        for (var i = 0; i < 5; i++)
            answers.Add((int)(await SendAsync(HttpMethod.Post, "/api/auth/token", """{ "email": "nobody@example.com", "password": "nothing at all" }""", client: anonymous)).StatusCode);

        var limited = await SendAsync(HttpMethod.Post, "/api/auth/token", $$"""{ "email": "{{AdminEmail}}", "password": "{{AdminPassword}}" }""", client: anonymous);

        Assert.That(answers.Take(3), Is.All.EqualTo(401), "the fixture's own sign-in took the first of four");
        Assert.That(answers.Skip(3), Is.All.EqualTo(429));
        Assert.That((await ExpectAsync(limited, 429))["code"]!.GetValue<string>(), Is.EqualTo("auth.tooMany"));
        Assert.That(limited.Headers.RetryAfter, Is.Not.Null);
    }
}
