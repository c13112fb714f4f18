using System.Net.Http.Json;

namespace Platform.Web.Tests;

/// <summary>
/// Working together on a record, in Chinese and in English: a salesperson mentions their manager in a comment; the
/// manager's bell, on a page opened before, counts it within seconds; it opens the record, where the approval a workflow
/// asks of the manager waits beside the timeline, and they hand it to a colleague with a word.
/// </summary>
[NonParallelizable]
public sealed class TeamworkJourneyTests
{
    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task A_mention_rings_the_managers_bell_and_the_approval_is_handed_on_from_the_record(string locale)
    {
        var seller = $"team-seller-{locale}@example.com";
        var boss = $"team-boss-{locale}@example.com";
        var (bossName, deputyName) = locale == "en" ? ($"Mia Manager", $"Dan Deputy") : ("米娅经理", "丹副经理");
        await Crm.SalespersonAsync(seller, locale == "en" ? "Sam Seller" : "山姆销售", locale);
        var bossId = await Crm.PersonAsync(boss, bossName, locale, "admin");
        var deputyId = await Crm.PersonAsync($"team-deputy-{locale}@example.com", deputyName, locale, "admin");
        var customer = await Crm.CreateAsync(seller, "customer", new { name = $"协作客户 {locale}", stage = "lead", phone = "13600000001" });
        var deal = await Crm.CreateAsync(seller, "opportunity", new { name = $"协作商机 {locale}", customer, stage = "initial", amount = 88000 });
        var key = "team_" + locale[..2];
        using (var api = await Browser.Runtime.SignInAsync())
        {
            var workflow = $$"""
                { "key": "{{key}}", "form": "opportunity", "trigger": { "type": "manual" },
                  "steps": [ { "id": "ask", "type": "approval", "approvers": [ { "user": {{bossId}} } ], "title": "'Price check: ' & name" } ] }
                """;
            await Ok(await api.PutAsync($"/api/apps/crm/workflows/{key}", new StringContent(workflow, System.Text.Encoding.UTF8, "application/json")));
            await Ok(await api.PostAsync($"/api/apps/crm/workflows/{key}/enable", null));
            await Ok(await api.PostAsync($"/api/apps/crm/forms/opportunity/records/{deal}/actions/{key}", null));
        }

        // The manager's page is open before anything is said to them.
        await using var manager = await Journey.StartAsync("team-manager", locale);
        await manager.SignInAsync(boss, Crm.Password, "/");
        var badge = manager.Page.Locator("[data-testid=bell-badge] .mud-badge");

        await using var salesperson = await Journey.StartAsync("team-seller", locale);
        var page = salesperson.Page;
        await salesperson.SignInAsync(seller, Crm.Password, $"/apps/crm/forms/opportunity/records/{deal}");
        await salesperson.Field("mentions").FillAsync(bossName[..2]);
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(bossName, new() { Exact = true }).ClickAsync();
        await salesperson.Field("comment-box").FillAsync(locale == "en" ? "Can we go 5% lower?" : "能再降 5% 吗？");
        await page.ClickAsync("[data-testid=comment-send]");
        await Expect(page.Locator("[data-testid=timeline-comment]").First).ToContainTextAsync(locale == "en" ? "5% lower" : "降 5%");
        await salesperson.ShotAsync("1-mentioned");

        // Within a few seconds, without a reload, the bell counts it.
        await Expect(badge).ToHaveTextAsync("2", new() { Timeout = 20_000 }); // the mention and the approval asked
        await manager.ShotAsync("1-bell");
        await manager.Page.ClickAsync("[data-testid=bell] button");
        await manager.ShotAsync("2-bell-open");
        var mention = manager.Page.Locator("[data-testid^=notification-]").Filter(new() { HasText = locale == "en" ? "Sam Seller" : "山姆销售" }).First;
        await mention.ClickAsync();
        await Expect(manager.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/forms/opportunity/records/{deal}$"));
        await manager.InteractiveAsync();

        // The approval asked of them waits on the record's page (the runner asks in the background: read again until it is there).
        var panel = manager.Page.Locator("[data-testid=approval-panel]");
        for (var tries = 0; tries < 40 && await panel.CountAsync() == 0; tries++)
        {
            await Task.Delay(500);
            await manager.GoAsync($"/apps/crm/forms/opportunity/records/{deal}");
        }
        await Expect(panel).ToContainTextAsync($"Price check: 协作商机 {locale}");
        await manager.ShotAsync("3-approval-on-the-record");
        await manager.Field("transfer_to").FillAsync(deputyName[..2]);
        await manager.Page.Locator(".mud-popover-open .mud-list-item").GetByText(deputyName, new() { Exact = true }).ClickAsync();
        await manager.Page.Locator("button[data-testid^=approval-transfer-]").ClickAsync();
        await Expect(panel).ToHaveCountAsync(0);
        await manager.ShotAsync("4-handed-on");

        using var deputy = await Browser.Runtime.SignInAsync($"team-deputy-{locale}@example.com", Crm.Password);
        var waiting = await deputy.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>("/api/me/approvals");
        Assert.That(waiting!.Select(a => a!["title"]!.GetValue<string>()), Does.Contain($"Price check: 协作商机 {locale}"));
    }

    private static async Task Ok(HttpResponseMessage answer) => Assert.That(answer.IsSuccessStatusCode, Is.True, await answer.Content.ReadAsStringAsync());
}
