using System.Text.Json.Nodes;

namespace Platform.Runtime.Tests.Api;

/// <summary>The organisation through the API: admins manage people, departments and roles; everyone reads who they are.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class DirectoryApiTests(TestDatabase target) : ApiFixture(target)
{
    [Test]
    public async Task An_admin_builds_the_organisation_and_a_member_sees_their_place_in_it()
    {
        var app = await NewAppAsync();
        var email = $"m{Guid.NewGuid():N}@example.com";
        var user = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/users",
            $$"""{ "email": "{{email}}", "password": "member password", "name": "王芳", "timeZone": "Asia/Shanghai", "locale": "zh-CN" }"""), 201);
        var userId = user["id"]!.GetValue<long>();
        var sales = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/departments", """{ "name": "销售部" }"""), 201);
        var east = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/departments",
            $$"""{ "name": "华东", "parentId": {{sales["id"]}}, "sortOrder": 2 }"""), 201);
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/departments/{east["id"]}/members/{userId}", """{ "isManager": true }"""), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/roles", """{ "key": "sales", "name": { "en": "Sales", "zh-CN": "销售" } }"""), 201);
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/roles/sales/members/{userId}"), 204);
        using var member = await SignInAsync(email, "member password");

        var me = await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/me", client: member), 200);
        var renamed = await ExpectAsync(await SendAsync(HttpMethod.Patch, "/api/me", """{ "phone": "+86 139 0000 0000" }""", client: member), 200);
        var tree = (await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/departments"), 200)).AsArray();

        Assert.That(me["user"]!["name"]!.GetValue<string>(), Is.EqualTo("王芳"));
        Assert.That(me["user"]!["timeZone"]!.GetValue<string>(), Is.EqualTo("Asia/Shanghai"));
        Assert.That(me["departments"]!.AsArray().Select(d => (d!["departmentId"]!.GetValue<long>(), d["isPrimary"]!.GetValue<bool>(), d["isManager"]!.GetValue<bool>())),
            Is.EqualTo(new[] { (east["id"]!.GetValue<long>(), true, true) }));
        Assert.That(me["roles"]!.AsArray().Select(r => r!["role"]!.GetValue<string>()), Is.EqualTo(new[] { "sales" }));
        Assert.That(renamed["phone"]!.GetValue<string>(), Is.EqualTo("+86 139 0000 0000"));
        Assert.That(tree.Single(d => d!["id"]!.GetValue<long>() == east["id"]!.GetValue<long>())!["parentId"]!.GetValue<long>(), Is.EqualTo(sales["id"]!.GetValue<long>()));
    }

    [Test]
    public async Task A_scope_on_the_callers_region_follows_the_region_an_admin_gives_them()
    {
        var key = "region" + Guid.NewGuid().ToString("N")[..6];
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/user-attributes/{key}", """{ "name": "Sales region" }"""), 200);
        var email = $"m{Guid.NewGuid():N}@example.com";
        var user = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/users", $$"""{ "email": "{{email}}", "password": "member password" }"""), 201);
        var id = user["id"]!.GetValue<long>();
        await ExpectAsync(await SendAsync(HttpMethod.Patch, $"/api/users/{id}", $$"""{ "attributes": { "{{key}}": "east" } }"""), 200);
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/account",
            """{ "key": "account", "fields": [ { "key": "name", "type": "text" }, { "key": "region", "type": "text" } ] }"""), 200);
        foreach (var (name, region) in new[] { ("A", "east"), ("B", "west") })
            await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/account/records", $$"""{ "name": "{{name}}", "region": "{{region}}" }"""), 201);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/roles", """{ "key": "regional", "name": "Regional" }"""), 201);
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/roles/regional/members/{id}", null), 204);
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/account/permissions/regional",
            $$"""{ "actions": ["read"], "read": { "filter": { "field": "region", "op": "eq", "value": { "me": "{{key}}" } } } }"""), 200);
        using var member = await SignInAsync(email, "member password");

        var east = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/account/records/query", "{}", client: member), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Patch, $"/api/users/{id}", $$"""{ "attributes": { "{{key}}": "west" } }"""), 200);
        var west = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/account/records/query", "{}", client: member), 200);
        var unknown = await ExpectAsync(await SendAsync(HttpMethod.Patch, $"/api/users/{id}", """{ "attributes": { "nope": "x" } }""", "zh-CN"), 400);
        var selfService = await ExpectAsync(await SendAsync(HttpMethod.Patch, "/api/me", $$"""{ "attributes": { "{{key}}": "east" } }""", client: member), 400);
        var inUse = await ExpectAsync(await SendAsync(HttpMethod.Delete, $"/api/user-attributes/{key}"), 400);
        var listed = await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/user-attributes", client: member), 403);

        Assert.That(east["items"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "A" }));
        Assert.That(west["items"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "B" }));
        Assert.That(unknown["codes"]!["attributes.nope"]![0]!.GetValue<string>(), Is.EqualTo("user.unknownAttribute"));
        Assert.That(unknown["errors"]!["attributes.nope"]![0]!.GetValue<string>(), Does.Contain("未定义用户属性"));
        Assert.That(selfService["codes"]!["attributes"]![0]!.GetValue<string>(), Is.EqualTo("body.unknownProperty"), "people do not set their own region");
        Assert.That(inUse["codes"]!["key"]![0]!.GetValue<string>(), Is.EqualTo("attribute.inUse"));
        Assert.That(listed, Is.Not.Null);
    }

    [Test]
    public async Task A_forms_manager_sets_permissions_within_their_own_and_a_member_cannot()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead", """{ "key": "lead", "fields": [ { "key": "name", "type": "text" } ] }"""), 200);
        async Task<(HttpClient Client, long Id)> Person()
        {
            var email = $"m{Guid.NewGuid():N}@example.com";
            var user = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/users", $$"""{ "email": "{{email}}", "password": "member password" }"""), 201);
            return (await SignInAsync(email, "member password"), user["id"]!.GetValue<long>());
        }
        var (manager, managerId) = await Person();
        var (member, memberId) = await Person();
        foreach (var (role, id) in new[] { ("manager", managerId), ("member", memberId) })
        {
            await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/roles", $$"""{ "key": "{{role}}", "name": "{{role}}" }"""), 201);
            await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/roles/{role}/members/{id}", null), 204);
        }
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead/permissions/manager", """{ "actions": ["read", "manage"], "read": "own" }"""), 200);

        var given = await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead/permissions/member", """{ "actions": ["read"], "read": "own" }""", client: manager);
        var beyond = await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead/permissions/member", """{ "actions": ["read", "delete"] }""", "zh-CN", manager), 403);
        var byMember = await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead/permissions/member", """{ "actions": ["read"], "read": "own" }""", client: member);
        var removal = await SendAsync(HttpMethod.Delete, $"/api/apps/{app}/forms/lead/permissions/member", client: manager);

        await ExpectAsync(given, 200);
        Assert.That(beyond["code"]!.GetValue<string>(), Is.EqualTo("permission.exceeds"));
        Assert.That(beyond["detail"]!.GetValue<string>(), Does.Contain("delete").And.Contain("不能授予"));
        await ExpectAsync(byMember, 403);
        await ExpectAsync(removal, 403);
        manager.Dispose();
        member.Dispose();
    }

    [Test]
    public async Task A_member_cannot_manage_the_organisation()
    {
        var email = $"m{Guid.NewGuid():N}@example.com";
        await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/users", $$"""{ "email": "{{email}}", "password": "member password" }"""), 201);
        using var member = await SignInAsync(email, "member password");
        var app = await NewAppAsync();

        await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/users", client: member), 403);
        await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/departments", """{ "name": "Mine" }""", client: member), 403);
        await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/roles", client: member), 403);
        await ExpectAsync(await SendAsync(HttpMethod.Patch, "/api/me", """{ "active": false }""", client: member), 400);
        await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/me", client: member), 200);
    }

    [Test]
    public async Task Bad_input_names_every_field_in_the_callers_language_and_changes_nothing()
    {
        var sales = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/departments", """{ "name": "Sales" }"""), 201);
        var below = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/departments", $$"""{ "name": "Below", "parentId": {{sales["id"]}} }"""), 201);

        var badUser = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/users",
            """{ "email": 5, "password": "short", "locale": "fr", "shoeSize": 44 }""", language: "zh-CN"), 400);
        var cycle = await ExpectAsync(await SendAsync(HttpMethod.Patch, $"/api/departments/{sales["id"]}", $$"""{ "parentId": {{below["id"]}} }""", language: "zh-CN"), 400);
        var noName = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/departments", """{ "name": "  ", "parentId": -3 }"""), 400);
        var hasChildren = await ExpectAsync(await SendAsync(HttpMethod.Delete, $"/api/departments/{sales["id"]}"), 409);
        var missingUser = await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/departments/{sales["id"]}/members/999999", "{}"), 400);
        await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/departments/999999"), 404);

        var email = $"half{Guid.NewGuid():N}@example.com";
        var badPhone = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/users",
            $$"""{ "email": "{{email}}", "password": "long enough password", "phone": "call me", "timeZone": "Mars/Base" }"""), 400);
        await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/users", $$"""{ "email": "{{email}}", "password": "long enough password" }"""), 201);

        Assert.That(Fields(badUser), Is.EquivalentTo(new[] { "email", "shoeSize" }), "the body's own problems first, all at once");
        Assert.That(Fields(badPhone), Is.EquivalentTo(new[] { "phone", "timeZone" }), "a bad profile creates no user: the email is still free");
        Assert.That(badUser["errors"]!["shoeSize"]![0]!.GetValue<string>(), Is.EqualTo("此请求不接受“shoeSize”。"));
        Assert.That(cycle["errors"]!["parentId"]![0]!.GetValue<string>(), Does.Contain("下级部门"));
        Assert.That(Fields(noName), Is.EquivalentTo(new[] { "name", "parentId" }));
        Assert.That(hasChildren["code"]!.GetValue<string>(), Is.EqualTo("department.hasChildren"));
        Assert.That(Fields(missingUser), Is.EqualTo(new[] { "userId" }));
        var tree = (await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/departments"), 200)).AsArray();
        Assert.That(tree.Single(d => d!["id"]!.GetValue<long>() == sales["id"]!.GetValue<long>())!["parentId"], Is.Null, "the cycle was not made");
    }

    [Test]
    public async Task A_disabled_user_is_refused_and_an_enabled_one_signs_in_again()
    {
        var email = $"m{Guid.NewGuid():N}@example.com";
        var user = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/users", $$"""{ "email": "{{email}}", "password": "member password" }"""), 201);

        var disabled = await ExpectAsync(await SendAsync(HttpMethod.Patch, $"/api/users/{user["id"]}", """{ "active": false }"""), 200);
        using var anonymous = Factory.CreateClient();
        await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/auth/token", $$"""{ "email": "{{email}}", "password": "member password" }""", client: anonymous), 401);
        await ExpectAsync(await SendAsync(HttpMethod.Patch, $"/api/users/{user["id"]}", """{ "active": true }"""), 200);

        Assert.That(disabled["active"]!.GetValue<bool>(), Is.False);
        using var again = await SignInAsync(email, "member password");
    }

    [Test]
    public async Task A_record_names_people_and_departments_of_the_directory()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead",
            """{ "key": "lead", "fields": [ { "key": "name", "type": "text" }, { "key": "team", "type": "department" } ] }"""), 200);
        var team = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/departments", """{ "name": "Team" }"""), 201);
        var records = $"/api/apps/{app}/forms/lead/records";

        var refused = await ExpectAsync(await SendAsync(HttpMethod.Post, records, """{ "name": "x", "owner": 999999, "team": 888888 }""", language: "zh-CN"), 400);
        await ExpectAsync(await SendAsync(HttpMethod.Post, records, $$"""{ "name": "ok", "team": {{team["id"]}} }"""), 201);
        var mine = await ExpectAsync(await SendAsync(HttpMethod.Post, $"{records}/query", """{ "filter": { "field": "owner", "op": "eq", "value": "me" } }"""), 200);

        Assert.That(Fields(refused), Is.EquivalentTo(new[] { "owner", "team" }));
        Assert.That(refused["errors"]!["team"]![0]!.GetValue<string>(), Is.EqualTo("部门 888888 不存在。"));
        Assert.That(mine["items"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "ok" }));
    }

    [Test]
    public async Task The_audit_log_records_sign_ins_changes_to_rights_and_deletes_and_cannot_be_changed()
    {
        var app = await NewAppAsync();
        var email = $"a{Guid.NewGuid():N}@example.com";
        using var anonymous = Factory.CreateClient();
        var user = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/users", $$"""{ "email": "{{email}}", "password": "member password" }"""), 201);
        await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/auth/token", $$"""{ "email": "{{email}}", "password": "wrong password" }""", client: anonymous), 401);
        using var member = await SignInAsync(email, "member password");
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/roles", """{ "key": "sales", "name": "Sales" }"""), 201);
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/roles/sales/members/{user["id"]}"), 204);
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead", """{ "key": "lead", "fields": [ { "key": "name", "type": "text" } ] }"""), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead/permissions/sales", """{ "actions": ["read"] }"""), 200);
        var record = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/lead/records", """{ "name": "x" }"""), 201);
        await ExpectAsync(await SendAsync(HttpMethod.Delete, $"/api/apps/{app}/forms/lead/records/{record["id"]}"), 204);
        await ExpectAsync(await SendAsync(HttpMethod.Patch, $"/api/users/{user["id"]}", """{ "active": false }"""), 200);

        var entries = (await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/audit?size=20"), 200)).AsArray();
        var failures = (await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/audit?action=signInFailed"), 200)).AsArray();
        var older = (await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/audit?size=2&before={entries[1]!["id"]}"), 200)).AsArray();
        await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/audit", client: member), 401);
        await ExpectAsync(await SendAsync(HttpMethod.Delete, "/api/audit"), 405);
        await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/audit?size=0"), 400);

        var mine = entries.Select(e => e!["action"]!.GetValue<string>()).ToList();
        Assert.That(mine.Take(8), Is.EqualTo(new[]
        {
            "user.disabled", "record.deleted", "permission.set", "role.memberAdded", "role.created", "signIn", "signInFailed", "user.created",
        }), "newest first");
        Assert.That(failures.Any(f => f!["target"]!.GetValue<string>() == email && f["userId"] is null), "a failed sign-in names the email, no user");
        Assert.That(entries[0]!.AsObject().ContainsKey("address"), "where it came from (the test server has no address)");
        Assert.That(entries[1]!["target"]!.GetValue<string>(), Is.EqualTo($"{app}/lead/{record["id"]}"));
        Assert.That(older.Select(e => e!["id"]!.GetValue<long>()), Is.EqualTo(entries.Skip(2).Take(2).Select(e => e!["id"]!.GetValue<long>())));
    }

    private static IEnumerable<string> Fields(JsonNode problem) => problem["errors"]!.AsObject().Select(p => p.Key);
}
