namespace Platform.Runtime.Tests.Api;

/// <summary>
/// Saved views over HTTP: a member saves and lists their own (u{id}_… keys), a shared view needs an admin, another's
/// private view is not there, and a bad view is a 422 naming every problem in the caller's language.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class ViewsApiTests(TestDatabase target) : ApiFixture(target)
{
    [Test]
    public async Task A_member_keeps_their_own_views_and_only_an_admin_shares_one()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/deal", """
            { "key": "deal", "fields": [ { "key": "name", "type": "text" }, { "key": "stage", "type": "select", "options": [ { "key": "new" }, { "key": "won" } ] } ] }
            """), 200);
        using var member = await MemberAsync(app, "deal", "sales", """{ "actions": ["create", "read"], "read": "all" }""");
        var me = (await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/me", client: member), 200))["user"]!["id"]!.GetValue<long>();
        var mine = $"u{me}_won";

        var saved = await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/views/{mine}",
            """{ "name": "Won deals", "form": "deal", "layout": "kanban", "by": "stage", "filter": { "field": "stage", "op": "eq", "value": "won" } }""",
            client: member), 200);
        Assert.That(saved["version"]!.GetValue<int>(), Is.EqualTo(1));
        var shared = await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/views/all_deals", """{ "name": "All deals", "form": "deal" }""",
            language: "zh-CN", client: member), 403);
        Assert.That(shared["detail"]!.GetValue<string>(), Does.Contain("只有管理员"));
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/views/all_deals", """{ "name": "All deals", "form": "deal" }"""), 200);

        var listed = (await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/views?form=deal", client: member), 200)).AsArray();
        Assert.That(listed.Select(v => $"{v!["key"]}:{v["shared"]}"), Is.EqualTo(new[] { "all_deals:true", $"{mine}:false" }));
        Assert.That((await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/views", client: null), 200)).AsArray().Select(v => v!["key"]!.GetValue<string>()),
            Is.EqualTo(new[] { "all_deals" }), "the admin does not see the member's own view");
        await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/views/{mine}"), 404);
        await ExpectAsync(await SendAsync(HttpMethod.Delete, $"/api/apps/{app}/views/all_deals", client: member), 403);
        await ExpectAsync(await SendAsync(HttpMethod.Delete, $"/api/apps/{app}/views/{mine}", client: member), 204);
        await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/views/{mine}", client: member), 404);
    }

    [Test]
    public async Task A_bad_view_is_a_422_naming_each_problem_and_a_form_the_caller_cannot_read_is_refused()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/deal", """{ "key": "deal", "fields": [ { "key": "name", "type": "text" } ] }"""), 200);

        var bad = await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/views/bad", """
            { "form": "deal", "layout": "gantt", "columns": [ { "field": "nope" } ], "filter": { "field": "name", "op": "gt", "value": "a" } }
            """, language: "zh-CN"), 422);
        var errors = bad["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.SupersetOf(new[] { "name", "layout", "columns[0].field", "filter" }));
        Assert.That(errors["layout"]![0]!.GetValue<string>(), Does.Contain("不是视图布局"));
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/views/other", """{ "key": "mismatch", "name": "x", "form": "deal" }"""), 422);
        await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/views/bad"), 404);

        // Once a role has rights on the form, it is no longer open to everyone: a person without one cannot make a view of it.
        (await MemberAsync(app, "deal", "sales", """{ "actions": ["read"], "read": "all" }""")).Dispose();
        var (id, _, stranger) = await NewPersonAsync();
        using (stranger)
            await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/views/u{id}_peek", """{ "name": "Peek", "form": "deal" }""", client: stranger), 403);
    }
}
