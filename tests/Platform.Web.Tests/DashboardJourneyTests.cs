using System.Net.Http.Json;

namespace Platform.Web.Tests;

/// <summary>
/// The CRM's manager dashboard, in Chinese and in English: it opens from the app with every report placed (KPI cards,
/// funnels and charts drawn by the served ECharts, ranking tables); a click on the lifecycle funnel's "lead" stage opens
/// the customers filtered to that stage, as many as the funnel counted; closing the filter shows them all again.
/// </summary>
[NonParallelizable]
public sealed class DashboardJourneyTests
{
    [OneTimeSetUp]
    public async Task AddLeadsAsync() =>
        await Crm.PooledAsync("customer", Enumerable.Range(1, 4).Select(i => (object)new { name = $"漏斗线索 {i}", stage = "lead" }));

    private static async Task<long> LeadsAsync()
    {
        using var api = await Browser.Runtime.SignInAsync();
        var answer = await api.PostAsJsonAsync("/api/apps/crm/forms/customer/records/query",
            new { count = true, filter = new { field = "stage", op = "eq", value = "lead" } });
        return System.Text.Json.Nodes.JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["total"]!.GetValue<long>();
    }

    [TestCase("zh-CN", "销售经理看板")]
    [TestCase("en", "Sales manager")]
    public async Task A_manager_opens_the_dashboard_and_drills_from_the_funnel_into_the_list(string locale, string title)
    {
        var email = $"manager-{locale}@example.com";
        await Crm.PersonAsync(email, locale == "en" ? "Max Manager" : "刘经理", locale, "admin");
        await using var journey = await Journey.StartAsync("dashboard", locale);
        var page = journey.Page;
        await journey.SignInAsync(email, Crm.Password, "/apps/crm");
        await page.ClickAsync("[data-testid=dashboard-manager]");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/apps/crm/dashboards/manager$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync(title);
        await journey.InteractiveAsync();
        await Expect(page.Locator("[data-testid=kpi-won_this_month]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=table-won_ranking]")).ToBeVisibleAsync();
        var funnel = page.Locator("[data-testid=chart-lifecycle_funnel]");
        await Expect(funnel.Locator("canvas").First).ToBeVisibleAsync();
        await journey.ShotAsync("1-dashboard");

        // The funnel's first stage is its top band: ECharts leaves 60px above and below and gives each of the 7 stages a band.
        var box = (await funnel.BoundingBoxAsync())!;
        await funnel.ClickAsync(new() { Position = new() { X = box.Width / 2, Y = 60 + (box.Height - 120) / 14 } });
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/apps/crm/forms/customer\\?filter="));
        await Expect(page.Locator("[data-testid=list-filter]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=record-count]")).ToHaveTextAsync(new Platform.Runtime.Web.UiText(locale).Records(await LeadsAsync()));
        await journey.ShotAsync("2-drilled");

        await page.Locator("[data-testid=list-filter] button").ClickAsync();
        await Expect(page.Locator("[data-testid=list-filter]")).ToHaveCountAsync(0);
    }

    [TestCase("zh-CN", "我的")]
    [TestCase("en", "Mine")]
    public async Task A_manager_narrows_the_dashboard_to_their_own_and_exports_it_to_excel(string locale, string mine)
    {
        var email = $"exporter-{locale}@example.com";
        await Crm.PersonAsync(email, locale == "en" ? "Eve Exporter" : "导出经理", locale, "admin");
        await using var journey = await Journey.StartAsync("dashboard-export", locale);
        var page = journey.Page;
        await journey.SignInAsync(email, Crm.Password, "/apps/crm/dashboards/manager");
        await page.Locator("[data-testid=dashboard-whose]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(mine, new() { Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/dashboards/manager\\?period=all&whose=me$"));
        await journey.InteractiveAsync();
        await Expect(page.Locator("[data-testid=dashboard-export]")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("export\\.xlsx\\?filter=.*owner.*me"));
        await journey.ShotAsync("1-mine");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=dashboard-export]"));
        Assert.That(download.SuggestedFilename, Is.EqualTo("manager.xlsx"));
        var path = await download.PathAsync();
        var head = new byte[2];
        await using (var file = File.OpenRead(path!)) await file.ReadExactlyAsync(head);
        Assert.That(head, Is.EqualTo("PK"u8.ToArray()), "an .xlsx is a zip");
    }
}
