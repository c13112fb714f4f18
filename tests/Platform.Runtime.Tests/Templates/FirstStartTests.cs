namespace Platform.Runtime.Tests.Templates;

/// <summary>
/// A new installation opens on the CRM: installed on the first start of a database without apps, trusted (its workflows
/// run), once (an admin who removes it does not get it back on the next start); the template round-trips as a package.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class FirstStartTests(TestDatabase target) : ApiFixture(target)
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Platform:FirstStartTemplates"] = "crm-lifecycle" };

    [Test]
    public async Task A_new_installation_opens_on_the_crm_with_its_workflows_running()
    {
        var apps = await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/apps"), 200);
        Assert.That(apps.AsArray().Select(a => a!["key"]!.GetValue<string>()), Is.EqualTo(new[] { "crm" }));
        Assert.That(apps[0]!["name"]!["zh-CN"]!.GetValue<string>(), Is.EqualTo("客户管理"));

        var forms = await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/apps/crm/forms"), 200);
        Assert.That(forms.AsArray().Select(f => f!["key"]!.GetValue<string>()),
            Is.SupersetOf(new[] { "customer", "contact", "follow_up", "opportunity", "contract", "ticket", "feedback", "tasks" }));
        var workflows = await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/apps/crm/workflows"), 200);
        Assert.That(workflows.AsArray(), Has.Count.GreaterThanOrEqualTo(10));
        Assert.That(workflows.AsArray().Where(w => !w!["enabled"]!.GetValue<bool>()).Select(w => w!["key"]!.GetValue<string>()), Is.Empty,
            "the runtime's own template is trusted: its workflows run from the first minute");
        var roles = await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/apps/crm/roles"), 200);
        Assert.That(roles.AsArray().Select(r => r!["key"]!.GetValue<string>()),
            Is.SupersetOf(new[] { "admin", "sales_manager", "sales", "service", "marketing", "legal_finance" }));
        var dashboard = await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/apps/crm/dashboards/manager/result"), 200);
        Assert.That(dashboard.ToJsonString(), Does.Contain("lifecycle_funnel").And.Contain("won_ranking"));
        var views = await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/apps/crm/views"), 200);
        Assert.That(views.AsArray().Select(v => $"{v!["form"]}:{v["key"]}:{v["layout"]}"), Is.EquivalentTo(new[]
        {
            "customer:my_customers:table", "opportunity:open_opportunities:kanban", "contract:renewals_due:calendar", "ticket:tickets_by_priority:table",
        }), "the CRM's everyday views come with it");

        // English labels beside the Chinese ones, and an English message from a stage gate.
        var customer = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/apps/crm/forms/customer/records",
            """{ "name": "Contoso Ltd.", "stage": "lead", "owner": 1 }"""), 201);
        var refused = await ExpectAsync(await SendAsync(HttpMethod.Patch, $"/api/apps/crm/forms/customer/records/{customer["id"]}",
            """{ "stage": "sql", "version": 1 }""", language: "en"), 400);
        Assert.That(refused.ToJsonString(), Does.Contain("cannot move").Or.Contain("An SQL needs"));

        // The duplicate check the template switches on: the company entered again another way is refused (409), named.
        var twice = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/apps/crm/forms/customer/records",
            """{ "name": "CONTOSO, Ltd", "stage": "lead" }""", language: "zh-CN"), 409);
        Assert.That(twice.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
            Does.Contain("name").And.Contain($"记录 {customer["id"]}"));
        var samePhone = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/apps/crm/forms/customer/records",
            """{ "name": "Fabrikam", "stage": "lead", "phone": "+86 138 0013 8000" }"""), 201);
        var warned = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/apps/crm/forms/customer/records",
            """{ "name": "Fabrikam Shanghai", "stage": "lead", "phone": "13800138000" }""", language: "en"), 201);
        Assert.That(warned["warnings"]!.ToJsonString(), Does.Contain("phone").And.Contain($"record {samePhone["id"]}"), "a phone is only warned of");
    }

    [Test]
    public async Task The_crm_exported_installed_as_a_new_app_and_exported_again_gives_the_same_package()
    {
        var package = await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/apps/crm/package"), 200);
        Assert.That(package["manifest"]!["version"]!.GetValue<string>(), Is.EqualTo("1.0.0"));
        await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/packages/import?app=crm_copy", package.ToJsonString()), 201);
        var again = await ExpectAsync(await SendAsync(HttpMethod.Get, "/api/apps/crm_copy/package"), 200);
        Assert.That(again.ToJsonString(), Is.EqualTo(package.ToJsonString()));
    }
}

/// <summary>The first start's templates are installed once: an admin who removes the CRM does not get it back on the next start.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class FirstStartOnceTests(TestDatabase target) : ApiFixture(target)
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Platform:FirstStartTemplates"] = "crm-lifecycle" };

    [Test]
    public async Task The_crm_removed_by_an_admin_stays_removed_after_a_restart()
    {
        await ExpectAsync(await SendAsync(HttpMethod.Delete, "/api/apps/crm"), 204);
        await using var restarted = Factory.WithWebHostBuilder(_ => { });
        using var client = restarted.CreateClient();
        client.DefaultRequestHeaders.Authorization = Client.DefaultRequestHeaders.Authorization;
        var apps = await ExpectAsync(await client.GetAsync("/api/apps"), 200);
        Assert.That(apps.AsArray().Select(a => a!["key"]!.GetValue<string>()), Does.Not.Contain("crm"));
    }
}

/// <summary>A runtime told to open on a template it does not have refuses to start, naming the ones it has.</summary>
public sealed class FirstStartSettingTests
{
    [Test]
    public async Task An_unknown_first_start_template_stops_the_start_naming_the_templates_there_are()
    {
        var data = Path.Combine(Path.GetTempPath(), "platform-first-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var factory = new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>().WithWebHostBuilder(host => host
                .UseSetting("data", data)
                .UseSetting("Platform:FirstStartTemplates", "crm-lifecycle, erp"));
            var failed = Assert.Throws<InvalidOperationException>(() => factory.CreateClient());
            Assert.That(failed!.Message, Does.Contain("erp").And.Contain("crm-lifecycle"));
        }
        finally
        {
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
    }
}
