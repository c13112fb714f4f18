namespace Platform.Web.Tests;

/// <summary>
/// A salesperson's day on a record, in Chinese and in English: they open their customer (its opportunities listed under
/// it), try to move an opportunity to "proposal" and the stage gate says what is missing beside the field, fill it in and
/// move it (the timeline says so), log a follow-up from the customer (the customer already filled in) and comment.
/// </summary>
[NonParallelizable]
public sealed class RecordJourneyTests
{
    private static readonly Dictionary<string, Dictionary<string, string>> Words = new()
    {
        ["zh-CN"] = new()
        {
            ["needsAmount"] = "进入“方案报价”阶段前请填写：预计金额。", ["fieldNeeded"] = "进入“方案报价”阶段需要填写此项。",
            ["moved"] = "销售阶段: 需求分析 → 方案报价", ["call"] = "电话", ["required"] = "必填",
        },
        ["en"] = new()
        {
            ["needsAmount"] = "To enter 'Proposal', fill in: Amount.", ["fieldNeeded"] = "Needed to enter 'Proposal'.",
            ["moved"] = "Sales stage: Needs analysis → Proposal", ["call"] = "Call", ["required"] = "required",
        },
    };

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task A_salesperson_moves_an_opportunity_past_its_gate_and_logs_a_follow_up(string locale)
    {
        var words = Words[locale];
        var email = $"sales-{locale}@example.com";
        await Crm.SalespersonAsync(email, locale == "en" ? "Sam Seller" : "王销售", locale);
        var customer = await Crm.CreateAsync(email, "customer", new { name = $"星辰科技 {locale}", stage = "lead", phone = "13800000000" });
        var opportunity = await Crm.CreateAsync(email, "opportunity", new { name = $"ERP 项目 {locale}", customer, stage = "needs_analysis" });

        await using var journey = await Journey.StartAsync("record", locale);
        var page = journey.Page;
        await journey.SignInAsync(email, Crm.Password, "/apps/crm/forms/customer");
        // "Mine": the customers they own (the pool's, which they also see, are left out), by an address they can share.
        await page.ClickAsync("[data-testid=view-mine]");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/forms/customer\\?filter="));
        await Expect(page.Locator("[data-testid=view-mine]")).ToHaveAttributeAsync("aria-pressed", "true");
        var table = page.Locator("[data-testid=record-table]");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
        await journey.ShotAsync("0-my-customers");
        await table.Locator("a.record-link").ClickAsync();
        await Expect(page.Locator("[data-testid=record-title]")).ToHaveTextAsync($"星辰科技 {locale}");
        await Expect(page.Locator("[data-testid=related-opportunity]")).ToContainTextAsync($"ERP 项目 {locale}");
        await journey.ShotAsync("1-customer");

        await page.Locator("[data-testid=related-opportunity] tbody a").First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/forms/opportunity/records/{opportunity}$"));
        await Expect(page.Locator("[data-testid=record-title]")).ToHaveTextAsync($"ERP 项目 {locale}");
        await journey.InteractiveAsync();
        await Expect(page.Locator("[data-testid=stage-needs_analysis]")).ToHaveAttributeAsync("aria-current", "step");
        await Expect(page.Locator("[data-testid=stage-won]")).ToBeDisabledAsync();

        // The gate refuses and says what is missing, at the path and beside the field; nothing is saved.
        await page.ClickAsync("[data-testid=stage-proposal]");
        await Expect(page.Locator("[data-testid=stage-error-stage]")).ToHaveTextAsync(words["needsAmount"]);
        await Expect(page.GetByText(words["fieldNeeded"])).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=stage-needs_analysis]")).ToHaveAttributeAsync("aria-current", "step");
        await journey.ShotAsync("2-gate-refuses");

        await journey.Field("amount").FillAsync("120000");
        await page.ClickAsync("[data-testid=stage-proposal]");
        await Expect(page.Locator("[data-testid=stage-proposal]")).ToHaveAttributeAsync("aria-current", "step");
        await Expect(page.Locator("[data-testid=stage-error-stage]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=timeline]")).ToContainTextAsync(words["moved"]);
        await journey.ShotAsync("3-moved");

        // A follow-up logged from the customer: the customer is already there; what is required and left empty is said at once.
        await journey.GoAsync($"/apps/crm/forms/customer/records/{customer}");
        await page.ClickAsync("[data-testid=add-follow_up]");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/forms/follow_up/new\\?customer={customer}$"));
        await journey.InteractiveAsync();
        await Expect(journey.Field("customer")).ToHaveValueAsync($"星辰科技 {locale}");
        await page.ClickAsync("[data-testid=save]");
        await Expect(page.Locator(".mud-input-helper-text.mud-input-error")).ToHaveCountAsync(3);
        await journey.ShotAsync("4-follow-up-refused");
        await journey.ChooseAsync("channel", words["call"]);
        await journey.Field("time").FillAsync("2026-12-01T10:30");
        await journey.Field("content").FillAsync(locale == "en" ? "Talked budget through." : "沟通了预算。");
        await page.ClickAsync("[data-testid=save]");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/forms/follow_up/records/\\d+$"));
        await journey.ShotAsync("5-follow-up");

        await journey.GoAsync($"/apps/crm/forms/customer/records/{customer}");
        await Expect(page.Locator("[data-testid=related-follow_up] tbody tr")).ToHaveCountAsync(1);
        await journey.Field("comment-box").FillAsync(locale == "en" ? "Send the proposal on Friday." : "周五发方案。");
        await page.ClickAsync("[data-testid=comment-send]");
        await Expect(page.Locator("[data-testid=timeline-comment]")).ToHaveCountAsync(1);
        await journey.ShotAsync("6-commented");
    }
}
