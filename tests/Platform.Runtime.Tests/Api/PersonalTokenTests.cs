using System.Net.Http.Headers;

namespace Platform.Runtime.Tests.Api;

/// <summary>Personal API tokens: named, limited to apps and to reading, shown once, revocable, never an admin's rights.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class PersonalTokenTests(TestDatabase target) : ApiFixture(target)
{
    [Test]
    public async Task A_read_only_token_for_one_app_reads_it_and_does_nothing_else()
    {
        var crm = await NewAppAsync();
        var other = await NewAppAsync();
        foreach (var app in new[] { crm, other })
        {
            await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead", """{ "key": "lead", "fields": [ { "key": "name", "type": "text" } ] }"""), 200);
            await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/lead/records", """{ "name": "x" }"""), 201);
        }

        var created = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/me/tokens",
            $$"""{ "name": "BI export", "apps": ["{{crm}}"], "readOnly": true, "expiresInDays": 30 }"""), 201);
        using var script = Factory.CreateClient();
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created["token"]!.GetValue<string>());

        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{crm}/forms/lead/records/query", "{}", client: script), 200);
        var write = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{crm}/forms/lead/records", """{ "name": "y" }""", client: script), 403);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{other}/forms/lead/records/query", "{}", client: script), 403);
        await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/apps", """{ "key": "nope" }""", client: script), 403);
        var listed = (await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/me/tokens"), 200)).AsArray();

        Assert.That(write["code"]!.GetValue<string>(), Is.EqualTo("access.action"));
        var mine = listed.Single(t => t!["id"]!.GetValue<string>() == created["info"]!["id"]!.GetValue<string>())!;
        Assert.That((mine["name"]!.GetValue<string>(), mine["readOnly"]!.GetValue<bool>()), Is.EqualTo(("BI export", true)));
        Assert.That(listed.ToJsonString(), Does.Not.Contain(created["token"]!.GetValue<string>()), "shown once, never listed");

        await ExpectAsync(await SendAsync(HttpMethod.Delete, $"/api/me/tokens/{mine["id"]}"), 204);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{crm}/forms/lead/records/query", "{}", client: script), 401);
        await ExpectAsync(await SendAsync(HttpMethod.Delete, $"/api/me/tokens/{mine["id"]}"), 404);
    }

    [Test]
    public async Task A_bad_token_request_names_every_problem()
    {
        var problem = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/me/tokens",
            """{ "name": " ", "apps": ["no_such_app"], "expiresInDays": 400, "scope": "all" }""", language: "zh-CN"), 400);

        Assert.That(problem["errors"]!.AsObject().Select(p => p.Key), Is.SupersetOf(new[] { "name", "scope" }));
        var second = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/me/tokens", """{ "name": "ok", "apps": ["no_such_app"], "expiresInDays": 400 }"""), 400);
        Assert.That(second["errors"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "apps[0]", "expiresInDays" }));
    }
}
