using System.Net.Http.Json;

namespace Platform.Web.Tests;

/// <summary>
/// "My work", in Chinese and in English: a manager finds a task given to them and marks it done, and a discount a workflow
/// asks them to approve; a rejection without a reason is refused under the comment box in their language, and an approval
/// with a comment settles it (nothing waits any more).
/// </summary>
[NonParallelizable]
public sealed class WorkJourneyTests
{
    private static readonly Dictionary<string, Dictionary<string, string>> Words = new()
    {
        ["zh-CN"] = new() { ["why"] = "请填写原因：驳回或退回需要审批意见。", ["approvals"] = "我的审批" },
        ["en"] = new() { ["why"] = "Say why: a rejection or return needs a comment.", ["approvals"] = "My approvals" },
    };

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task A_manager_marks_a_task_done_and_approves_a_discount(string locale)
    {
        var words = Words[locale];
        var email = $"approver-{locale}@example.com";
        var me = await Crm.PersonAsync(email, locale == "en" ? "Ann Approver" : "审批经理", locale, "sales_manager");
        var key = "discount_" + locale[..2];
        using (var api = await Browser.Runtime.SignInAsync())
        {
            await Ok(await api.PostAsJsonAsync("/api/apps/crm/forms/tasks/records", new { title = $"回访客户 {locale}", assignee = me, status = "open" }));
            var workflow = $$"""
                { "key": "{{key}}", "form": "opportunity", "trigger": { "type": "manual" },
                  "steps": [ { "id": "ask", "type": "approval", "approvers": [ { "user": {{me}} } ], "title": "'Discount: ' & name", "show": [ "name", "amount" ] } ] }
                """;
            await Ok(await api.PutAsync($"/api/apps/crm/workflows/{key}", new StringContent(workflow, System.Text.Encoding.UTF8, "application/json")));
            await Ok(await api.PostAsync($"/api/apps/crm/workflows/{key}/enable", null));
            var customer = await Id(await api.PostAsJsonAsync("/api/apps/crm/forms/customer/records", new { name = $"折扣客户 {locale}", stage = "lead", owner = 1 }));
            var deal = await Id(await api.PostAsJsonAsync("/api/apps/crm/forms/opportunity/records", new { name = $"大单 {locale}", customer, stage = "initial", amount = 300000 }));
            await Ok(await api.PostAsync($"/api/apps/crm/forms/opportunity/records/{deal}/actions/{key}", null));
        }

        await using var journey = await Journey.StartAsync("work", locale);
        var page = journey.Page;
        await journey.SignInAsync(email, Crm.Password, "/");
        await page.ClickAsync("[data-testid=my-work]");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/work$"));
        await journey.InteractiveAsync();
        var task = page.Locator("[data-testid^=task-]").Filter(new() { HasText = $"回访客户 {locale}" });
        await Expect(task).ToHaveCountAsync(1);
        await journey.ShotAsync("1-tasks");
        await task.Locator("[data-testid^=task-done-]").ClickAsync();
        await Expect(page.Locator("[data-testid=no-tasks]")).ToBeVisibleAsync();

        // The workflow's runner asks in the background: the page is opened again until the approval is there.
        var approval = page.Locator("[data-testid^=approval-]").Filter(new() { HasText = $"Discount: 大单 {locale}" }).First;
        for (var tries = 0; tries < 40 && !await OpenApprovalsAsync(journey, words["approvals"], approval); tries++) await Task.Delay(500);
        await Expect(approval).ToBeVisibleAsync();
        await journey.ShotAsync("2-approval");
        await approval.Locator("[data-testid^=approval-reject-]").ClickAsync();
        await Expect(page.GetByText(words["why"])).ToBeVisibleAsync();
        await journey.ShotAsync("3-reject-needs-a-reason");
        await journey.Field(await approval.Locator("[data-testid^=approval-comment-]").First.GetAttributeAsync("data-testid") ?? "").FillAsync("OK, this once");
        await approval.Locator("[data-testid^=approval-approve-]").ClickAsync();
        await Expect(page.Locator("[data-testid=no-approvals]")).ToBeVisibleAsync();
        await journey.ShotAsync("4-approved");
    }

    private static async Task<bool> OpenApprovalsAsync(Journey journey, string tab, ILocator approval)
    {
        await journey.GoAsync("/work");
        await journey.Page.GetByRole(AriaRole.Tab).Filter(new() { HasText = tab }).ClickAsync();
        return await approval.CountAsync() > 0;
    }

    private static async Task Ok(HttpResponseMessage answer) => Assert.That(answer.IsSuccessStatusCode, Is.True, await answer.Content.ReadAsStringAsync());

    private static async Task<long> Id(HttpResponseMessage answer)
    {
        var text = await answer.Content.ReadAsStringAsync();
        Assert.That(answer.IsSuccessStatusCode, Is.True, text);
        return System.Text.Json.Nodes.JsonNode.Parse(text)!["id"]!.GetValue<long>();
    }
}
