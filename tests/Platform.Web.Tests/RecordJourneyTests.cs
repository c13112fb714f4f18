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
            ["sections"] = "基本信息|联系方式|销售信息|标签|往来与健康度", ["needsReason"] = "进入“输单”阶段前请填写：输单原因。",
        },
        ["en"] = new()
        {
            ["needsAmount"] = "To enter 'Proposal', fill in: Amount.", ["fieldNeeded"] = "Needed to enter 'Proposal'.",
            ["moved"] = "Sales stage: Needs analysis → Proposal", ["call"] = "Call", ["required"] = "required",
            ["sections"] = "Basics|Contact details|Sales|Tags|Activity and health", ["needsReason"] = "To enter 'Lost', fill in: Why lost.",
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
        // The form in the sections its layout gives it, fields side by side in their rows.
        await Expect(page.Locator(".form-section-title")).ToHaveTextAsync(words["sections"].Split('|'));
        await Expect(page.Locator(".form-row").Filter(new() { Has = page.Locator("[data-field=phone]") }).Locator(".form-cell"))
            .ToHaveCountAsync(3);
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

        // A follow-up logged from the customer: the customer is already there.
        await journey.GoAsync($"/apps/crm/forms/customer/records/{customer}");
        await page.ClickAsync("[data-testid=add-follow_up]");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/forms/follow_up/new\\?customer={customer}$"));
        await journey.InteractiveAsync();
        await Expect(journey.Field("customer")).ToHaveValueAsync($"星辰科技 {locale}");
        // Its time starts at now (the field's computed default); what is required and left empty is said at once.
        await Expect(journey.Field("time")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}"));
        await page.ClickAsync("[data-testid=save]");
        await Expect(page.Locator(".mud-input-helper-text.mud-input-error")).ToHaveCountAsync(2);
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

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task A_deal_marked_lost_asks_why_in_a_field_shown_only_then(string locale)
    {
        var words = Words[locale];
        var email = $"lost-{locale}@example.com";
        await Crm.SalespersonAsync(email, locale == "en" ? "Lou Lost" : "刘销售", locale);
        var customer = await Crm.CreateAsync(email, "customer", new { name = $"远山贸易 {locale}", stage = "lead" });
        var opportunity = await Crm.CreateAsync(email, "opportunity", new { name = $"仓储系统 {locale}", customer, stage = "needs_analysis" });

        await using var journey = await Journey.StartAsync("lost-reason", locale);
        var page = journey.Page;
        await journey.SignInAsync(email, Crm.Password, $"/apps/crm/forms/opportunity/records/{opportunity}");
        await journey.InteractiveAsync();
        var reason = page.Locator("[data-field=lost_reason]");
        await Expect(reason).ToHaveCountAsync(0);
        // The stage moves along its path, not in the form: its row's other two fields share the row between them.
        await Expect(page.Locator("[data-field=amount]")).ToHaveAttributeAsync("style", new System.Text.RegularExpressions.Regex("span 12$"));

        // Lost without a reason: the gate asks for it, and the field it asks for comes into view, its own error beside it.
        await page.ClickAsync("[data-testid=stage-lost]");
        await Expect(page.Locator("[data-testid=stage-error-stage]")).ToHaveTextAsync(words["needsReason"]);
        await Expect(reason).ToHaveCountAsync(1);
        await Expect(reason.Locator(".mud-input-error")).Not.ToHaveCountAsync(0);
        await journey.ShotAsync("0-asked-why");

        // Typing into it does not take it away; marked lost with the reason, it stays, as the record now shows it.
        await journey.Field("lost_reason").FillAsync(locale == "en" ? "Went with a cheaper vendor." : "客户选择了更便宜的供应商。");
        await Expect(reason).ToHaveCountAsync(1);
        await page.ClickAsync("[data-testid=stage-lost]");
        await Expect(page.Locator("[data-testid=stage-lost]")).ToHaveAttributeAsync("aria-current", "step");
        await Expect(reason).ToHaveCountAsync(1);
        await journey.ShotAsync("1-lost");
    }
}
