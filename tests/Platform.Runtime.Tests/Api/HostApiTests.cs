using Microsoft.Extensions.DependencyInjection;

namespace Platform.Runtime.Tests.Api;

[TestFixture]
public sealed class HostApiTests() : ApiFixture(new SqliteTestDatabase())
{
    [Test]
    public async Task Health_answers_without_a_token()
    {
        using var anonymous = Factory.CreateClient();

        var health = await ExpectAsync(await anonymous.GetAsync("/health"), 200);

        Assert.That(health["database"]!.GetValue<string>(), Is.EqualTo("sqlite"));
    }

    [Test]
    public async Task A_node_says_it_is_live_and_ready_with_each_check()
    {
        using var anonymous = Factory.CreateClient();

        var live = await ExpectAsync(await anonymous.GetAsync("/health/live"), 200);
        var ready = await ExpectAsync(await anonymous.GetAsync("/health/ready"), 200);

        Assert.That(live["status"]!.GetValue<string>(), Is.EqualTo("live"));
        Assert.That(ready["status"]!.GetValue<string>(), Is.EqualTo("ready"));
        Assert.That(ready["checks"]!.AsObject().Select(c => (c.Key, c.Value!.GetValue<string>())),
            Is.EquivalentTo(new[] { ("database", "ok"), ("migrations", "ok"), ("scheduler", "ok") }));
    }

    [Test]
    public async Task A_node_whose_scheduler_stopped_is_not_ready_and_says_why()
    {
        using var anonymous = Factory.CreateClient();
        var scheduler = await Factory.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();
        await scheduler.Standby();
        try
        {
            var unready = await ExpectAsync(await anonymous.GetAsync("/health/ready"), 503);
            Assert.That(unready["code"]!.GetValue<string>(), Is.EqualTo("health.unready"));
            Assert.That(unready["detail"]!.GetValue<string>(), Is.EqualTo("Not ready: scheduler not running."));
            Assert.That(unready["checks"]!["database"]!.GetValue<string>(), Is.EqualTo("ok"));
            Assert.That(unready["checks"]!["scheduler"]!.GetValue<string>(), Is.EqualTo("not running"));
            await ExpectAsync(await anonymous.GetAsync("/health/live"), 200);
        }
        finally
        {
            await scheduler.Start();
        }
    }

    [Test]
    public async Task A_wrong_password_gets_401_and_a_missing_one_400()
    {
        using var anonymous = Factory.CreateClient();

        var wrong = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/auth/token", $$"""{ "email": "{{AdminEmail}}", "password": "nope" }""", client: anonymous), 401);
        await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/auth/token", $$"""{ "email": "{{AdminEmail}}" }""", client: anonymous), 400);
        await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/apps", client: anonymous), 401);

        Assert.That(wrong["code"]!.GetValue<string>(), Is.EqualTo("auth.invalid"));
    }

    [Test]
    public async Task A_forged_token_is_401()
    {
        using var forged = Factory.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-real-token");

        await ExpectAsync(await forged.GetAsync("/api/apps"), 401);
    }

    [Test]
    public async Task Only_admins_change_apps_and_forms()
    {
        var users = Factory.Services.GetRequiredService<Platform.Engine.Users.UserService>();
        await users.CreateAsync("member@example.com", "member password", "Member", isAdmin: false);
        using var member = await SignInAsync("member@example.com", "member password");

        await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/apps", """{ "key": "nope" }""", client: member), 403);
        await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/apps", client: member), 200);
    }

    [Test]
    public async Task The_admin_create_verb_makes_an_admin_who_can_sign_in()
    {
        var code = await Platform.Runtime.Cli.Verbs.RunAsync(
            ["admin", "create", "--email", "cli@example.com", "--password", "cli password", "--data", "ignored-here"], Factory.Services);
        var again = await Platform.Runtime.Cli.Verbs.RunAsync(
            ["admin", "create", "--email", "cli@example.com", "--password", "cli password"], Factory.Services);
        using var admin = await SignInAsync("cli@example.com", "cli password");

        Assert.That(code, Is.Zero);
        Assert.That(again, Is.EqualTo(1));
        await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/apps", """{ "key": "from_cli" }""", client: admin), 201);
    }

    [Test]
    public async Task Apps_can_be_created_renamed_listed_and_deleted()
    {
        var key = await NewAppAsync();

        var duplicate = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/apps", $$"""{ "key": "{{key}}" }"""), 409);
        var renamed = await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{key}", """{ "name": "Renamed", "description": "d" }"""), 200);
        var list = await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/apps"), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Delete, $"/api/apps/{key}"), 204);
        await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{key}"), 404);

        Assert.That(duplicate["code"]!.GetValue<string>(), Is.EqualTo("app.exists"));
        Assert.That(renamed["name"]!.GetValue<string>(), Is.EqualTo("Renamed"));
        Assert.That(list.AsArray().Select(a => a!["key"]!.GetValue<string>()), Does.Contain(key));
    }

    [Test]
    public async Task The_openapi_document_lists_every_route()
    {
        using var anonymous = Factory.CreateClient();

        var document = await ExpectAsync(await anonymous.GetAsync("/openapi/v1.json"), 200);
        var docs = await anonymous.GetAsync("/docs");

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.That(paths, Is.SupersetOf(new[]
        {
            "/health", "/api/auth/token", "/api/apps", "/api/apps/{app}", "/api/apps/{app}/forms", "/api/apps/{app}/forms/{form}",
            "/api/apps/{app}/forms/{form}/versions", "/api/apps/{app}/forms/{form}/schema", "/api/apps/{app}/forms/{form}/records",
            "/api/apps/{app}/forms/{form}/records/batch", "/api/apps/{app}/forms/{form}/records/query", "/api/apps/{app}/forms/{form}/records/{id}",
            "/api/apps/{app}/forms/{form}/records/{id}/restore", "/api/apps/{app}/forms/{form}/records/{id}/history",
        }));
        Assert.That((int)docs.StatusCode, Is.EqualTo(200));
    }
}
