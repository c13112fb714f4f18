using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Platform.Web.Tests;

/// <summary>
/// An administrator builds "no follow-up for 3 days → back to the public pool" in the workflow designer, in Chinese and in
/// English: the customer form, a condition held for three days, one step; publishes it, turns it on and tries it on a
/// customer (nothing changes). The journey runs its own runtime: started again three days later (its clock moved), the
/// customer is back in the pool and the designer lists the run. Undo and redo in the designer; a two-day limit on the MQL
/// stage set in the customer form's stage map, which opens as its workflow and tells the owner once the clock has moved.
/// </summary>
[NonParallelizable]
public sealed class WorkflowDesignerJourneyTests
{
    private const string Condition = "stage = 'lead' && NOT(ISBLANK(owner)) && follow_ups = 0";

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task A_workflow_built_in_the_designer_returns_a_customer_nobody_followed_up_to_the_pool_three_days_later(string locale)
    {
        var data = Path.Combine(Path.GetTempPath(), $"platform-workflow-{Guid.NewGuid():N}");
        string[] settings = ["--Platform:FirstStartTemplates", "crm-lifecycle", "--Platform:SignInsPerMinute", "1000"];
        var email = $"flow-{locale}@example.com";
        long customer;
        try
        {
            await using (var runtime = await RuntimeProcess.StartAsync(data, settings))
            {
                using (var api = await runtime.SignInAsync())
                {
                    await Ok(await api.PostAsJsonAsync("/api/users", new { email, password = Crm.Password, name = "Flow Designer", locale, isAdmin = true }));
                    // The template's own return to the pool is off, so only the one built here can move the customer.
                    await Ok(await api.PostAsync("/api/apps/crm/workflows/pool_return/disable", null));
                    var created = JsonNode.Parse(await Ok(await api.PostAsJsonAsync("/api/apps/crm/forms/customer/records", new { name = $"无人跟进 {locale}", stage = "lead", phone = "13900000000" })))!;
                    customer = created["id"]!.GetValue<long>();
                }

                await using var journey = await Journey.StartAsync("workflow", locale, runtime.Address);
                var page = journey.Page;
                await journey.SignInAsync(email, Crm.Password, "/apps/crm");
                await page.ClickAsync("[data-testid=open-workflows]");
                await Expect(page.Locator("[data-testid=workflow-row][data-workflow=pool_return]")).ToBeVisibleAsync();
                await page.ClickAsync("[data-testid=new-workflow]");
                await page.FillAsync("[data-testid=new-workflow-panel] input[data-testid=new-name]", locale == "en" ? "Back to the pool" : "退回公海");
                await Expect(page.Locator("[data-testid=new-workflow-panel] input[data-testid=new-key]")).Not.ToHaveValueAsync("");
                await page.FillAsync("[data-testid=new-workflow-panel] input[data-testid=new-key]", "pool_back");
                await page.ClickAsync("[data-testid=new-workflow-panel] [data-testid=new-create]");
                await Expect(page.Locator("[data-testid=workflow-designer]")).ToBeVisibleAsync();

                await page.Locator("input[data-testid=workflow-name-en]").FillAsync("Back to the pool");
                await page.Locator("input[data-testid=workflow-name-zh]").FillAsync("退回公海");
                await page.Locator("input[data-testid=workflow-name-zh]").PressAsync("Tab");
                await ChooseAsync(page, "workflow-form", locale == "en" ? "Customers" : "客户");
                await ChooseAsync(page, "trigger-type", locale == "en" ? "A condition has held for a while" : "条件持续一段时间后");
                await Expect(page.Locator("input[data-testid=span-days]")).ToHaveValueAsync("3");
                var condition = page.Locator("textarea[data-testid=trigger-condition-input]");
                await condition.FillAsync(Condition);
                await condition.PressAsync("Tab");
                await Expect(page.Locator("[data-testid=trigger-condition] .mud-input-error")).ToHaveCountAsync(0);
                await ChooseAsync(page, "step-type", locale == "en" ? "Back to the pool" : "退回公海");
                await page.ClickAsync("[data-testid=step-add]");
                // Undone and redone, as in the form designer.
                await page.ClickAsync("[data-testid=workflow-designer] button[data-testid=undo]");
                await Expect(page.Locator("[data-testid=workflow-step]")).ToHaveCountAsync(0);
                await page.ClickAsync("[data-testid=workflow-designer] button[data-testid=redo]");
                await Expect(page.Locator("[data-testid=workflow-step]")).ToHaveCountAsync(1);
                var reason = page.Locator("[data-testid=workflow-step][data-type=returnToPool] textarea[data-testid=step-reason-input]");
                await reason.FillAsync(locale == "en" ? "'No follow-up for 3 days'" : "'3 天未跟进'");
                await reason.PressAsync("Tab");
                await page.ClickAsync("[data-testid=workflow-publish]");
                await Expect(page.Locator("[data-testid=workflow-status]")).ToContainTextAsync(locale == "en" ? "Version 1 published" : "已发布第 1 版");
                await page.Locator("input[data-testid=workflow-enabled]").CheckAsync();
                await Expect(page.Locator("[data-testid=workflow-status]")).ToContainTextAsync(locale == "en" ? "On" : "已启用");

                // Tried on the customer: the condition holds and the record would go back, but nothing changes yet.
                await page.Locator("input[data-testid=test-record]").FillAsync(customer.ToString(System.Globalization.CultureInfo.InvariantCulture));
                await page.ClickAsync("[data-testid=test-run]");
                await Expect(page.Locator("[data-testid=test-step]")).ToHaveCountAsync(1);
                await Expect(page.Locator("[data-testid=test-condition]")).ToContainTextAsync(locale == "en" ? "The condition holds" : "条件成立");
                await journey.ShotAsync("1-designed");
                Assert.That(await OwnerAsync(runtime, customer), Is.Not.Null, "a test run changes nothing");

                // A time limit on the MQL stage, set in the customer form's stage map: two days, then the owner is told.
                using (var mine = await runtime.SignInAsync(email, Crm.Password))
                    await Ok(await mine.PostAsJsonAsync("/api/apps/crm/forms/customer/records", new { name = $"停在 MQL {locale}", stage = "mql", industry = "internet", phone = "13900000001" }));
                await journey.GoAsync("/apps/crm/forms/customer/design");
                await page.ClickAsync("[data-testid=design-cell][data-field=stage]");
                var mql = page.Locator("[data-testid=sla-mql]");
                await mql.Locator("input[data-testid=sla-days]").FillAsync("2");
                await mql.Locator("input[data-testid=sla-days]").PressAsync("Tab");
                await mql.Locator("[data-testid=sla-save]").ClickAsync();
                await Expect(mql.Locator("[data-testid=sla-message]")).ToHaveTextAsync(locale == "en" ? "Time limit set" : "时限已设置");
                await journey.ShotAsync("2-stage-limit");
                await mql.Locator("[data-testid=sla-open]").ClickAsync();
                await Expect(page.Locator("[data-testid=workflow-designer]")).ToBeVisibleAsync();
                await Expect(page.Locator("input[data-testid=span-days]")).ToHaveValueAsync("2");
                await Expect(page.Locator("input[data-testid=workflow-enabled]")).ToBeCheckedAsync();
                await runtime.KillAsync();
            }

            // Three days and an hour later: what fell due while it was down runs once it is up.
            await using (var later = await RuntimeProcess.StartAsync(data, [.. settings, "--Platform:ClockOffset", "3.01:00:00"]))
            {
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (await OwnerAsync(later, customer) is not null && DateTime.UtcNow < deadline) await Task.Delay(500);
                Assert.That(await OwnerAsync(later, customer), Is.Null, "back in the pool");
                using (var mine = await later.SignInAsync(email, Crm.Password))
                {
                    var told = false;
                    while (!told && DateTime.UtcNow < deadline.AddSeconds(30))
                    {
                        told = (await mine.GetStringAsync("/api/me/notifications")).Contains("Over the time limit in MQL", StringComparison.Ordinal);
                        if (!told) await Task.Delay(500);
                    }
                    Assert.That(told, Is.True, "the MQL customer's owner is told its stage has lasted past two days");
                }

                await using var journey = await Journey.StartAsync("workflow-later", locale, later.Address);
                var page = journey.Page;
                await journey.SignInAsync(email, Crm.Password, "/apps/crm/workflows/pool_back/design");
                await Expect(page.Locator("[data-testid=workflow-run][data-status=completed]")).ToHaveCountAsync(1);
                await page.Locator("[data-testid=workflow-run] a").First.ClickAsync();
                await Expect(page.Locator("[data-testid=run-log]")).ToContainTextAsync(locale == "en" ? "Back to the pool" : "退回公海");
                await journey.ShotAsync("3-ran");
            }
        }
        finally
        {
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<long?> OwnerAsync(RuntimeProcess runtime, long customer)
    {
        using var api = await runtime.SignInAsync();
        var record = JsonNode.Parse(await api.GetStringAsync($"/api/apps/crm/forms/customer/records/{customer}"))!;
        return (long?)record["owner"];
    }

    private static async Task ChooseAsync(IPage page, string testId, string option)
    {
        await page.Locator($"[data-testid={testId}]").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(option, new() { Exact = true }).ClickAsync();
    }

    private static async Task<string> Ok(HttpResponseMessage answer)
    {
        var text = await answer.Content.ReadAsStringAsync();
        Assert.That(answer.IsSuccessStatusCode, Is.True, text);
        return text;
    }
}
