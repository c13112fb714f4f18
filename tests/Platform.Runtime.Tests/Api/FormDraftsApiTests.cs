namespace Platform.Runtime.Tests.Api;

/// <summary>
/// Form drafts and versions over HTTP: an admin saves, reads and discards a form's draft; a save over a stale version is a
/// 409 naming the current one; a bad body is a 400 at its place in the caller's language; a member is refused; publishing
/// ends it; an admin goes back to an earlier version (with a dry run first), a member may not.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class FormDraftsApiTests(TestDatabase target) : ApiFixture(target)
{
    [Test]
    public async Task An_admin_keeps_a_draft_until_the_form_is_published()
    {
        var app = await NewAppAsync();
        var draft = $"/api/apps/{app}/forms/lead/draft";
        await ExpectAsync(await SendAsync(HttpMethod.Get, draft), 404);

        var first = await ExpectAsync(await SendAsync(HttpMethod.Put, draft, """{ "definition": { "key": "lead", "fields": [ { "key": "name" } ] } }"""), 200);
        Assert.That(first["version"]!.GetValue<int>(), Is.EqualTo(1));
        var second = await ExpectAsync(await SendAsync(HttpMethod.Put, draft,
            """{ "version": 1, "definition": { "key": "lead", "fields": [ { "key": "name", "type": "text" } ] } }"""), 200);
        Assert.That(second["version"]!.GetValue<int>(), Is.EqualTo(2));
        var stale = await ExpectAsync(await SendAsync(HttpMethod.Put, draft, """{ "version": 1, "definition": { "key": "lead" } }""", language: "zh-CN"), 409);
        Assert.That(stale["detail"]!.GetValue<string>(), Does.Contain("当前版本 2"));
        var read = await ExpectAsync(await SendAsync(HttpMethod.Get, draft), 200);
        Assert.That(read["definition"]!["fields"]![0]!["type"]!.GetValue<string>(), Is.EqualTo("text"));

        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead", read["definition"]!.ToJsonString()), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Get, draft), 404);
        await ExpectAsync(await SendAsync(HttpMethod.Put, draft, """{ "definition": { "key": "lead" } }"""), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Delete, draft), 204);
        await ExpectAsync(await SendAsync(HttpMethod.Delete, draft), 404);
    }

    [Test]
    public async Task A_bad_draft_is_refused_at_its_place_and_a_member_may_not_draft()
    {
        var app = await NewAppAsync();
        var draft = $"/api/apps/{app}/forms/lead/draft";

        var bad = await ExpectAsync(await SendAsync(HttpMethod.Put, draft, """{ "version": "one", "definition": { "key": "deal" } }""", language: "zh-CN"), 400);
        Assert.That(bad["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "version" }));
        var wrongKey = await ExpectAsync(await SendAsync(HttpMethod.Put, draft, """{ "definition": { "key": "deal" } }""", language: "zh-CN"), 400);
        Assert.That(wrongKey["errors"]!["definition.key"]![0]!.GetValue<string>(), Does.Contain("不能更改键"));
        await ExpectAsync(await SendAsync(HttpMethod.Put, draft, """[1, 2]"""), 400);
        await ExpectAsync(await SendAsync(HttpMethod.Put, draft, """{ "definition": [] }"""), 400);

        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead", """{ "key": "lead", "fields": [ { "key": "name", "type": "text" } ] }"""), 200);
        using var member = await MemberAsync(app, "lead", "sales", """{ "actions": ["create", "read", "update"], "read": "all" }""");
        await ExpectAsync(await SendAsync(HttpMethod.Put, draft, """{ "definition": { "key": "lead" } }""", client: member), 403);
        await ExpectAsync(await SendAsync(HttpMethod.Get, draft, client: member), 403);
    }

    [Test]
    public async Task An_admin_goes_back_to_an_earlier_version_and_a_member_may_not()
    {
        var app = await NewAppAsync();
        var form = $"/api/apps/{app}/forms/lead";
        await ExpectAsync(await SendAsync(HttpMethod.Put, form, """{ "key": "lead", "fields": [ { "key": "name", "type": "text" } ] }"""), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Put, form, """{ "key": "lead", "fields": [ { "key": "name", "type": "text" }, { "key": "city", "type": "text" } ] }"""), 200);

        var planned = await ExpectAsync(await SendAsync(HttpMethod.Post, form + "/versions/1/revert?dryRun=true"), 200);
        Assert.That((planned["version"]!.GetValue<int>(), planned["dryRun"]!.GetValue<bool>()), Is.EqualTo((3, true)));
        var reverted = await ExpectAsync(await SendAsync(HttpMethod.Post, form + "/versions/1/revert"), 200);
        Assert.That(reverted["version"]!.GetValue<int>(), Is.EqualTo(3));
        var now = await ExpectAsync(await SendAsync(HttpMethod.Get, form), 200);
        Assert.That(now["fields"]!.AsArray().Select(f => f!["key"]!.GetValue<string>()), Is.EqualTo(new[] { "name" }));
        await ExpectAsync(await SendAsync(HttpMethod.Post, form + "/versions/9/revert"), 404);

        using var member = await MemberAsync(app, "lead", "sales", """{ "actions": ["create", "read", "update"], "read": "all" }""");
        await ExpectAsync(await SendAsync(HttpMethod.Post, form + "/versions/2/revert", client: member), 403);
    }
}
