using System.Text.Json.Nodes;

namespace Platform.Runtime.Tests.Api;

/// <summary>
/// Apps as packages: an app exported, installed as a new app and exported again gives the same package (forms that relate
/// to each other in a circle, roles and permissions, workflows, reports, dashboards); a dry run lists what it would add and
/// changes nothing; an uploaded package's workflows arrive disabled; bad packages are refused with each problem named.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class PackagesApiTests(TestDatabase target) : ApiFixture(target)
{
    private async Task<string> BuildAppAsync()
    {
        var app = await NewAppAsync();
        // The customer and its contacts point at each other: neither can be published first in full.
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/customer", """
            { "key": "customer", "name": { "en": "Customer", "zh-CN": "客户" }, "fields": [
              { "key": "name", "type": "text", "required": true, "label": { "en": "Name", "zh-CN": "客户名称" } },
              { "key": "amount", "type": "money" },
              { "key": "stage", "type": "select", "options": [ { "key": "lead" }, { "key": "won" } ] } ] }
            """), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/contact", """
            { "key": "contact", "fields": [ { "key": "name", "type": "text" }, { "key": "customer", "type": "relation", "form": "customer" } ] }
            """), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/customer", """
            { "key": "customer", "name": { "en": "Customer", "zh-CN": "客户" }, "fields": [
              { "key": "name", "type": "text", "required": true, "label": { "en": "Name", "zh-CN": "客户名称" } },
              { "key": "amount", "type": "money" },
              { "key": "net", "type": "formula", "expression": "ROUND(amount / 1.13, 2)" },
              { "key": "stage", "type": "select", "options": [ { "key": "lead" }, { "key": "won" } ] },
              { "key": "primary", "type": "relation", "form": "contact" } ] }
            """), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/workflows/welcome", """
            { "key": "welcome", "name": { "en": "Welcome", "zh-CN": "欢迎" }, "form": "customer", "trigger": { "type": "recordCreated" },
              "steps": [ { "id": "tell", "type": "notify", "to": [ { "field": "owner" } ], "title": "'New customer ' & name" } ] }
            """), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/workflows/welcome/enable"), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/reports/funnel",
            """{ "type": "funnel", "form": "customer", "stageField": "stage", "measure": { "aggregate": "sum", "field": "amount" } }"""), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/dashboards/sales",
            """{ "name": "Sales", "items": [ { "report": "funnel", "x": 0, "y": 0, "w": 12, "h": 4 } ] }"""), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/views/big_deals", """
            { "name": { "en": "Big deals", "zh-CN": "大单" }, "form": "customer", "filter": { "field": "amount", "op": "gte", "value": 100000 },
              "sort": [ { "field": "amount", "dir": "desc" } ], "columns": [ { "field": "name", "width": 200 }, { "field": "amount" } ] }
            """), 200);
        // The admin's own view stays theirs: a package carries the app's shared views only.
        var admin = (await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/me"), 200))["user"]!["id"]!.GetValue<long>();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/views/u{admin}_mine", """{ "name": "Mine", "form": "customer" }"""), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/roles", """{ "key": "sales", "name": { "en": "Sales", "zh-CN": "销售" } }"""), 201);
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/customer/permissions/sales",
            """{ "actions": ["create", "read", "update"], "read": "own" }"""), 200);
        return app;
    }

    [Test]
    public async Task An_app_exported_installed_as_a_new_app_and_exported_again_gives_the_same_package()
    {
        var app = await BuildAppAsync();
        var package = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/package"), 200);
        Assert.That(package["manifest"]!["contents"]!.ToJsonString(), Is.EqualTo("""{"forms":3,"roles":1,"workflows":1,"reports":1,"dashboards":1,"views":1}"""),
            "the customer, its contacts and the task form every app has");

        var copy = app + "copy";
        var dry = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/packages/import?dryRun=true&app={copy}", package.ToJsonString()), 200);
        Assert.That(dry["changes"]!.AsArray().Select(c => $"{c!["part"]}:{c["key"]}:{c["action"]}"), Is.EquivalentTo(new[]
        {
            $"app:{copy}:add", "forms:contact:add", "forms:customer:add", "forms:tasks:add", "roles:sales:add", "workflows:welcome:add",
            "reports:funnel:add", "dashboards:sales:add", "views:big_deals:add",
        }));
        await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{copy}"), 404);

        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/packages/import?app={copy}", package.ToJsonString()), 201);
        var again = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{copy}/package"), 200);

        Assert.That(again.ToJsonString(), Is.EqualTo(package.ToJsonString()));
        var workflows = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{copy}/workflows"), 200);
        Assert.That(workflows[0]!["enabled"]!.GetValue<bool>(), Is.False, "an uploaded package's workflows wait for an admin");
        var created = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{copy}/forms/customer/records", """{ "name": "Acme", "amount": 113 }"""), 201);
        Assert.That(created["net"]!.GetValue<decimal>(), Is.EqualTo(100m), "the formula came along");
        var same = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/packages/import?app={copy}", package.ToJsonString()), 200);
        Assert.That(same["changes"]!.AsArray(), Is.Empty, "the same package again changes nothing");
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/packages/import?app={app}", package.ToJsonString()), 409);
    }

    [Test]
    public async Task An_app_exported_with_its_records_installs_them_as_they_were_and_exports_the_same_package_again()
    {
        var app = await BuildAppAsync();
        var acme = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/customer/records", """{ "name": "Acme", "amount": 113, "stage": "won" }"""), 201);
        var globex = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/customer/records", """{ "name": "Globex", "stage": "lead", "owner": null }"""), 201);
        var li = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/contact/records", $$"""{ "name": "Li Lei", "customer": {{acme["id"]}} }"""), 201);
        await ExpectAsync(await SendAsync(HttpMethod.Patch, $"/api/apps/{app}/forms/customer/records/{acme["id"]}", $$"""{ "primary": {{li["id"]}}, "version": 1 }"""), 200);
        // A gate added since: restored records keep their stages, as they were, rather than being moved through it.
        var form = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/forms/customer"), 200);
        form.AsObject().Remove("version");
        form["fields"]!.AsArray().Single(f => f!["key"]!.GetValue<string>() == "stage")!["stages"] =
            JsonNode.Parse("""{ "entry": { "won": { "condition": "amount > 1000" } } }""");
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/customer", form.ToJsonString()), 200);

        var package = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/package?data=true"), 200);
        Assert.That(package["records"]!.AsArray().Select(r => $"{r!["ref"]} {r["owner"]} {r["values"]!["name"]} {r["values"]!["customer"] ?? r["values"]!["primary"]}"),
            Is.EqualTo(new[] { $"contact/1 {AdminEmail} Li Lei customer/1", $"customer/1 {AdminEmail} Acme contact/1", "customer/2  Globex " }));
        Assert.That((await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/package"), 200))["records"], Is.Null, "definitions only unless asked");

        var copy = app + "data";
        var dry = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/packages/import?dryRun=true&app={copy}", package.ToJsonString()), 200);
        Assert.That(dry["changes"]!.AsArray().Where(c => c!["part"]!.GetValue<string>() == "records").Select(c => $"{c!["key"]}:{c["note"]}"),
            Is.EquivalentTo(new[] { "contact:1 record(s)", "customer:2 record(s)" }));
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/packages/import?app={copy}", package.ToJsonString()), 201);

        var customers = (await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{copy}/forms/customer/records/query", """{ "sort": [ { "field": "name" } ] }"""), 200))["items"]!.AsArray();
        var contact = (await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{copy}/forms/contact/records/query", "{}"), 200))["items"]![0]!;
        Assert.That(customers.Select(c => (c!["name"]!.GetValue<string>(), c["stage"]!.GetValue<string>(), c["owner"]?.GetValue<long>())),
            Is.EqualTo(new (string, string, long?)[] { ("Acme", "won", acme["owner"]!.GetValue<long>()), ("Globex", "lead", null) }), "stages as they were, owners by email");
        Assert.That((contact["customer"]!.GetValue<long>(), customers[0]!["primary"]!.GetValue<long>()), Is.EqualTo((customers[0]!["id"]!.GetValue<long>(), contact["id"]!.GetValue<long>())),
            "relations point at the new records, both ways round");
        Assert.That(customers[0]!["net"]!.GetValue<decimal>(), Is.EqualTo(100m), "computed again here");
        var again = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{copy}/package?data=true"), 200);
        Assert.That(again.ToJsonString(), Is.EqualTo(package.ToJsonString()));

        var upgrade = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/packages/import?dryRun=true&app={copy}", package.ToJsonString()), 200);
        Assert.That(upgrade["changes"]!.AsArray().Select(c => $"{c!["part"]}:{c["key"]}:{c["action"]}"), Is.EqualTo(new[] { "records:*:skip" }),
            "an upgrade leaves the app's records alone");
        _ = globex;
    }

    [TestCase("""[ { "form": "nosuch", "ref": "nosuch/1", "values": {} } ]""", 422, "records[0].form")]
    [TestCase("""[ { "form": "c", "ref": "c-1", "values": {} } ]""", 400, "records[0].ref")]
    [TestCase("""[ { "form": "c", "ref": "c/1", "values": {} }, { "form": "c", "ref": "c/1", "values": { "name": "x" } } ]""", 400, "records")]
    [TestCase("""[ { "form": "c", "ref": "c/1", "values": { "name": "ok" } }, { "form": "c", "ref": "c/2", "values": { "name": 5 } } ]""", 400, "records[1].values.name")]
    public async Task A_package_record_that_cannot_be_installed_is_named_at_its_place(string records, int status, string place)
    {
        var app = "bad" + Guid.NewGuid().ToString("N")[..8];
        var package = $$"""
            { "manifest": { "format": 1, "key": "bad", "name": "Bad", "version": "1.0.0" },
              "forms": [ { "key": "c", "fields": [ { "key": "name", "type": "text", "required": true } ] } ], "records": {{records}} }
            """;
        var refused = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/packages/import?app={app}", package), status);
        Assert.That(refused["errors"]!.AsObject().Select(e => e.Key), Does.Contain(place), refused.ToJsonString());
        await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}"), 404);
    }

    [Test]
    public async Task An_upgrade_does_what_its_dry_run_said_keeping_user_data_and_the_admins_own_changes()
    {
        var v1 = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{await BuildAppAsync()}/package"), 200);
        var app = "up" + Guid.NewGuid().ToString("N")[..8];
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/packages/import?app={app}", v1.ToJsonString()), 201);
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/customer/records", """{ "name": "Acme", "amount": 113, "stage": "lead" }"""), 201);
        // The app's admin renames the dashboard and changes the funnel; the package changes the funnel too.
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/dashboards/sales",
            """{ "name": "我的看板", "items": [ { "report": "funnel", "x": 0, "y": 0, "w": 12, "h": 4 } ] }"""), 200);
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/reports/funnel",
            """{ "name": "Mine", "type": "funnel", "form": "customer", "stageField": "stage" }"""), 200);

        var v2 = v1.DeepClone();
        v2["manifest"]!["version"] = "1.1.0";
        var customer = v2["forms"]!.AsArray().Single(f => f!["key"]!.GetValue<string>() == "customer")!;
        var fields = customer["fields"]!.AsArray();
        fields.Add(JsonNode.Parse("""{ "key": "industry", "type": "text", "label": { "en": "Industry", "zh-CN": "行业" } }"""));
        fields.Single(f => f!["key"]!.GetValue<string>() == "amount")!["label"] = JsonNode.Parse("""{ "en": "Deal size", "zh-CN": "金额" }""");
        fields.Remove(fields.Single(f => f!["key"]!.GetValue<string>() == "primary"));
        v2["workflows"]![0]!["steps"]![0]!["title"] = "'Welcome ' & name";
        v2["reports"]![0]!["name"] = "Funnel v2";

        var dry = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/packages/import?dryRun=true&app={app}", v2.ToJsonString()), 200);
        var said = dry["changes"]!.AsArray().Select(c => $"{c!["part"]}:{c["key"]}:{c["action"]}").ToList();
        Assert.That(said, Is.EquivalentTo(new[] { "forms:customer:change", "workflows:welcome:change", "reports:funnel:conflict" }));
        Assert.That((await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/forms/customer"), 200))["fields"]!.AsArray().Count, Is.EqualTo(5),
            "the dry run changed nothing");
        var overwrite = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/packages/import?dryRun=true&overwrite=true&app={app}", v2.ToJsonString()), 200);
        Assert.That(overwrite["changes"]!.AsArray().Select(c => $"{c!["part"]}:{c["key"]}:{c["action"]}"),
            Is.EquivalentTo(new[] { "forms:customer:change", "workflows:welcome:change", "reports:funnel:change" }), "told to, the package's funnel would win");

        var done = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/packages/import?app={app}", v2.ToJsonString()), 200);

        Assert.That(done["changes"]!.ToJsonString(), Is.EqualTo(dry["changes"]!.ToJsonString()), "it did what its dry run said");
        var form = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/forms/customer"), 200);
        Assert.That(form["fields"]!.AsArray().Select(f => f!["key"]!.GetValue<string>()), Is.EqualTo(new[] { "name", "amount", "net", "stage", "industry" }));
        var record = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{app}/forms/customer/records/query", "{}"), 200);
        Assert.That((record["items"]![0]!["name"]!.GetValue<string>(), record["items"]![0]!["amount"]!.GetValue<decimal>()), Is.EqualTo(("Acme", 113m)), "user data kept");
        Assert.That((await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/workflows/welcome"), 200))["steps"]![0]!["title"]!.GetValue<string>(),
            Is.EqualTo("'Welcome ' & name"));
        Assert.That((await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/reports/funnel"), 200))["name"]!.GetValue<string>(), Is.EqualTo("Mine"),
            "both changed the funnel: the admin's is kept");
        Assert.That((await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/dashboards/sales"), 200))["name"]!.GetValue<string>(), Is.EqualTo("我的看板"),
            "the package did not change the dashboard: the admin's rename stays");
        var exported = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/package"), 200);
        Assert.That(exported["manifest"]!["version"]!.GetValue<string>(), Is.EqualTo("1.1.0"), "the new version is the base of the next upgrade");
        var again = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/packages/import?dryRun=true&app={app}", v2.ToJsonString()), 200);
        Assert.That(again["changes"]!.AsArray(), Is.Empty, "the funnel the package left alone since its base stays the admin's");
    }

    [Test]
    public async Task An_upgrade_that_loses_values_names_them_and_waits_for_a_confirmation()
    {
        var app = await NewAppAsync();
        await ExpectAsync(await SendAsync(HttpMethod.Put, $"/api/apps/{app}/forms/lead", """{ "key": "lead", "fields": [ { "key": "size", "type": "text" } ] }"""), 200);
        var v1 = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/package"), 200);
        var installed = app + "x";
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/packages/import?app={installed}", v1.ToJsonString()), 201);
        foreach (var size in new[] { "12", "about fifty" })
            await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/apps/{installed}/forms/lead/records", $$"""{ "size": "{{size}}" }"""), 201);
        var v2 = v1.DeepClone();
        v2["manifest"]!["version"] = "2.0.0";
        v2["forms"]!.AsArray().Single(f => f!["key"]!.GetValue<string>() == "lead")!["fields"]![0]!["type"] = "number";

        var dry = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/packages/import?dryRun=true&app={installed}", v2.ToJsonString()), 200);
        var refused = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/packages/import?app={installed}", v2.ToJsonString(), language: "zh-CN"), 422);
        var applied = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/packages/import?app={installed}&confirmDataLoss=true", v2.ToJsonString()), 200);

        Assert.That(dry["changes"]![0]!["note"]!.GetValue<string>(), Is.EqualTo("loses data: size: 1"));
        Assert.That(refused["errors"]!["forms.lead"]![0]!.GetValue<string>(), Does.Contain("确认后才会应用"));
        Assert.That(applied["changes"]![0]!["action"]!.GetValue<string>(), Is.EqualTo("change"));
        var form = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{installed}/forms/lead"), 200);
        Assert.That(form["fields"]![0]!["type"]!.GetValue<string>(), Is.EqualTo("number"));
    }

    [Test]
    public async Task A_zip_package_of_one_file_per_part_installs_as_the_json_one_does()
    {
        var app = await BuildAppAsync();
        var json = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}/package"), 200);
        var zip = await SendAsync(HttpMethod.Get, $"/api/apps/{app}/package?format=zip");
        Assert.That(((int)zip.StatusCode, zip.Content.Headers.ContentType!.MediaType), Is.EqualTo((200, "application/zip")));

        var upload = new ByteArrayContent(await zip.Content.ReadAsByteArrayAsync());
        upload.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/zip");
        await ExpectAsync(await Client.PostAsync($"/api/packages/import?app={app}zip", upload), 201);

        Assert.That((await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}zip/package"), 200)).ToJsonString(), Is.EqualTo(json.ToJsonString()));
        using var form = new MultipartFormDataContent { { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString())), "file", "crm.json" } };
        await ExpectAsync(await Client.PostAsync($"/api/packages/import?app={app}form", form), 201);
        var slip = new ByteArrayContent(ZipWith("../../forms.json"));
        slip.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/zip");
        var refused = await ExpectAsync(await Client.PostAsync($"/api/packages/import?app={app}slip", slip), 400);
        Assert.That(refused["errors"]!["../../forms.json"], Is.Not.Null);
    }

    private static byte[] ZipWith(string name)
    {
        using var file = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(file, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry(name).Open());
            writer.Write("[]");
        }
        return file.ToArray();
    }

    [Test]
    public async Task A_package_is_checked_against_its_json_schema_kept_with_the_templates()
    {
        var package = """
            { "manifest": { "format": 1, "key": "schemed", "name": "x", "version": "1.0.0", "description": 5, "contents": { "forms": -1 } }, "forms": [] }
            """;

        var refused = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/packages/import?dryRun=true&app=schemed1", package, language: "zh-CN"), 400);

        Assert.That(refused["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "manifest.description", "manifest.contents.forms" }));
        Assert.That(refused["errors"]!["manifest.description"]![0]!.GetValue<string>(), Does.Contain("JSON Schema"));
        Assert.That(File.Exists(Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", "..", "templates", "schemas", "package.schema.json")),
            "the schema package authors read is the one checked");
    }

    [TestCase("""{ "key": "leak", "form": "c", "trigger": { "type": "recordCreated" }, "steps": [ { "id": "s", "type": "callWebhook", "url": "http://169.254.169.254/latest/meta-data" } ] }""")]
    [TestCase("""{ "key": "leak", "form": "c", "trigger": { "type": "recordCreated" }, "steps": [ { "id": "s", "type": "callWebhook", "url": "http://127.0.0.1:5432/" } ] }""")]
    [TestCase("""{ "key": "leak", "form": "c", "trigger": { "type": "recordCreated" }, "steps": [ { "id": "s", "type": "groupMessage", "robot": "wecom", "url": "http://10.0.0.5/robot", "text": "'x'" } ] }""")]
    public async Task A_package_whose_workflow_calls_a_refused_address_is_refused_and_installs_nothing(string workflow)
    {
        var app = "hostile" + Guid.NewGuid().ToString("N")[..8];
        var package = $$"""
            { "manifest": { "format": 1, "key": "hostile", "name": "Hostile", "version": "1.0.0" },
              "forms": [ { "key": "c", "fields": [ { "key": "name", "type": "text" } ] } ],
              "workflows": [ {{workflow}} ] }
            """;
        var refused = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/packages/import?app={app}", package), 422);
        Assert.That(refused["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "workflows[0].steps[0].url" }), refused.ToJsonString());
        Assert.That(refused.ToJsonString(), Does.Contain("steps"));
        await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}"), 404);
    }

    [Test]
    public async Task A_package_grants_nobody_anything_a_role_never_carries_members_and_a_limited_token_cannot_install()
    {
        var app = "grants" + Guid.NewGuid().ToString("N")[..8];
        var package = """
            { "manifest": { "format": 1, "key": "grants", "name": "Grants", "version": "1.0.0" },
              "forms": [ { "key": "c", "fields": [ { "key": "name", "type": "text" } ] } ],
              "roles": [ { "key": "boss", "name": "Boss", "members": [ 1, 2, 3 ], "isAdmin": true, "permissions": { "c": { "actions": [ "read", "manage" ], "read": "all" } } } ] }
            """;
        var refused = await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/packages/import?app={app}", package), 400);
        Assert.That(refused["errors"]!.AsObject().Select(e => e.Key), Is.SupersetOf(new[] { "roles[0].members", "roles[0].isAdmin" }));
        await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}"), 404);

        // The admin's own read-only token holds no right to install anything.
        var token = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/me/tokens", """{ "name": "BI", "readOnly": true, "expiresInDays": 1 }"""), 201);
        using var script = Factory.CreateClient();
        script.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token["token"]!.GetValue<string>());
        var clean = package.Replace("\"members\": [ 1, 2, 3 ], \"isAdmin\": true, ", "");
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/packages/import?app={app}", clean, client: script), 403);
        await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/apps/{app}"), 404);
    }

    [Test]
    public async Task A_bad_package_is_refused_with_each_problem_named_and_nothing_installed()
    {
        var package = JsonNode.Parse("""
            { "manifest": { "format": 1, "key": "Bad Key", "version": "one", "name": "x" },
              "forms": [ { "key": "a", "fields": [ { "key": "x", "type": "text" } ] }, { "key": "a", "fields": [] } ],
              "roles": [ { "key": "r" } ], "plugins": [] }
            """)!;
        var refused = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/packages/import?app=fresh1", package.ToJsonString(), language: "zh-CN"), 400);
        Assert.That(refused["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "manifest.key", "manifest.version" }), "the manifest first");

        package["manifest"]!["key"] = "fresh";
        package["manifest"]!["version"] = "1.0.0";
        var parts = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/packages/import?app=fresh1", package.ToJsonString()), 400);
        Assert.That(parts["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "plugins" }));
        package.AsObject().Remove("plugins");
        var items = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/packages/import?app=fresh1", package.ToJsonString()), 400);
        Assert.That(items["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "forms", "roles[0].name" }));
        await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/apps/fresh1"), 404);
        await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/packages/import", "[1, 2]"), 400);

        using var member = (await NewPersonAsync()).Client;
        await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/packages/import?app=fresh2", package.ToJsonString(), client: member), 403);
    }
}
