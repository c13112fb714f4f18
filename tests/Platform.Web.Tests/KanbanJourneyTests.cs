namespace Platform.Web.Tests;

/// <summary>
/// The opportunities board, in Chinese and in English: a salesperson drags a card to "proposal", the stage gate refuses
/// and the card says what is missing and stays; they open it, fill in the amount, move it on its page, and the board shows
/// it under "proposal"; a card that has what the stage needs moves by dragging; the moves menu does the same by keyboard.
/// </summary>
[NonParallelizable]
public sealed class KanbanJourneyTests
{
    private static readonly Dictionary<string, Dictionary<string, string>> Words = new()
    {
        ["zh-CN"] = new() { ["needsAmount"] = "进入“方案报价”阶段前请填写：预计金额。", ["board"] = "看板: 销售阶段", ["toNegotiation"] = "移到 商务谈判" },
        ["en"] = new() { ["needsAmount"] = "To enter 'Proposal', fill in: Amount.", ["board"] = "Board: Sales stage", ["toNegotiation"] = "Move to Negotiation" },
    };

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task A_salesperson_drags_opportunities_and_the_gate_refuses_on_the_card(string locale)
    {
        var words = Words[locale];
        var email = $"board-{locale}@example.com";
        await Crm.SalespersonAsync(email, locale == "en" ? "Bo Board" : "看板销售", locale);
        var customer = await Crm.CreateAsync(email, "customer", new { name = $"月光集团 {locale}", stage = "lead", phone = "13900000000" });
        var bare = await Crm.CreateAsync(email, "opportunity", new { name = $"无金额 {locale}", customer, stage = "needs_analysis" });
        var priced = await Crm.CreateAsync(email, "opportunity", new { name = $"有金额 {locale}", customer, stage = "needs_analysis", amount = 50000 });

        await using var journey = await Journey.StartAsync("kanban", locale);
        var page = journey.Page;
        await journey.SignInAsync(email, Crm.Password, "/apps/crm/forms/opportunity");
        await page.GetByText(words["board"]).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/forms/opportunity/kanban/stage$"));
        await journey.InteractiveAsync();
        var analysis = page.Locator("[data-testid=column-needs_analysis]");
        var proposal = page.Locator("[data-testid=column-proposal]");
        await Expect(analysis.Locator($"[data-testid=card-{bare}]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=column-count-needs_analysis]")).ToHaveTextAsync("2");
        await journey.ShotAsync("1-board");

        await page.Locator($"[data-testid=card-{bare}]").DragToAsync(proposal.Locator(".kanban-zone"));
        await Expect(page.Locator($"[data-testid=card-error-{bare}]")).ToHaveTextAsync(words["needsAmount"]);
        await Expect(analysis.Locator($"[data-testid=card-{bare}]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=column-count-proposal]")).ToHaveTextAsync("0");
        await journey.ShotAsync("2-refused-on-the-card");

        await page.Locator($"[data-testid=card-{priced}]").DragToAsync(proposal.Locator(".kanban-zone"));
        await Expect(proposal.Locator($"[data-testid=card-{priced}]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=column-count-proposal]")).ToHaveTextAsync("1");
        await Expect(page.Locator("[data-testid=column-count-needs_analysis]")).ToHaveTextAsync("1");

        // Without a mouse: the card's menu offers the moves its stage allows.
        await page.Locator($"[data-testid=card-menu-{priced}] button").First.ClickAsync();
        await page.GetByText(words["toNegotiation"], new() { Exact = true }).ClickAsync();
        await Expect(page.Locator($"[data-testid=column-negotiation] [data-testid=card-{priced}]")).ToBeVisibleAsync();
        await journey.ShotAsync("3-moved");

        // The refused one is opened, its amount filled in, and moved on its page.
        await page.Locator($"[data-testid=card-{bare}] a.record-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/forms/opportunity/records/{bare}$"));
        await journey.InteractiveAsync();
        await journey.Field("amount").FillAsync("80000");
        await page.ClickAsync("[data-testid=stage-proposal]");
        await Expect(page.Locator("[data-testid=stage-proposal]")).ToHaveAttributeAsync("aria-current", "step");
        await journey.GoAsync("/apps/crm/forms/opportunity/kanban/stage");
        await Expect(proposal.Locator($"[data-testid=card-{bare}]")).ToBeVisibleAsync();
        await Expect(page.Locator($"[data-testid=card-error-{bare}]")).ToHaveCountAsync(0);
        await journey.ShotAsync("4-filled-and-moved");
    }
}
