namespace Platform.Web.Tests;

/// <summary>
/// An administrator builds a funnel of the CRM's won opportunities in the report designer, in Chinese and in English — the
/// preview drawn as each choice is made, the list's filter choosing the records — and places it on a new dashboard, dragged,
/// resized by its edge and corner, undone and redone, which then shows it.
/// </summary>
[NonParallelizable]
public sealed class ReportDesignerJourneyTests
{
    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task A_funnel_report_is_built_with_its_preview_and_placed_on_a_new_dashboard(string locale)
    {
        var email = $"reports-{locale}@example.com";
        await Crm.AdminAsync(email, "Rosa Reports", locale);
        var report = $"deal_funnel_{locale[..2]}";
        var dashboard = $"pipeline_{locale[..2]}";

        await using var journey = await Journey.StartAsync("report", locale);
        var page = journey.Page;
        await journey.SignInAsync(email, Crm.Password, "/apps/crm");
        await page.ClickAsync("[data-testid=open-reports]");
        await page.ClickAsync("[data-testid=new-report]");
        await page.FillAsync("[data-testid=new-report-panel] input[data-testid=new-name]", locale == "en" ? "Deal stages" : "商机阶段漏斗");
        await Expect(page.Locator("[data-testid=new-report-panel] input[data-testid=new-key]")).Not.ToHaveValueAsync("");
        await page.FillAsync("[data-testid=new-report-panel] input[data-testid=new-key]", report);
        await page.ClickAsync("[data-testid=new-report-panel] [data-testid=new-create]");
        await Expect(page.Locator("[data-testid=report-designer]")).ToBeVisibleAsync();

        await page.Locator(locale == "en" ? "input[data-testid=report-name-en]" : "input[data-testid=report-name-zh]").FillAsync(locale == "en" ? "Deal stages" : "商机阶段漏斗");
        await page.Locator(locale == "en" ? "input[data-testid=report-name-en]" : "input[data-testid=report-name-zh]").PressAsync("Tab");
        await ChooseAsync(page, "report-form", locale == "en" ? "Opportunities" : "商机");
        // Before a stage field is chosen the engine says what is missing; once chosen, the funnel is drawn.
        await Expect(page.Locator("[data-testid=report-preview-problem]")).ToBeVisibleAsync();
        await ChooseAsync(page, "report-stageField", locale == "en" ? "Sales stage" : "销售阶段");
        await Expect(page.Locator($"[data-testid=report-preview] [data-testid=chart-{report}]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=report-preview-problem]")).ToHaveCountAsync(0);
        // Which deals count: the record list's own filter builder, the preview drawn again once applied.
        await page.ClickAsync("[data-testid=report-filter] [data-testid=filter-add-0]");
        await PickAsync(page, page.Locator("[data-testid=report-filter] [data-testid=filter-field]"), locale == "en" ? "Sales stage" : "销售阶段");
        await journey.ChooseAsync("stage", locale == "en" ? "Won" : "赢单");
        await page.ClickAsync("[data-testid=report-filter] [data-testid=filter-apply]");
        await Expect(page.Locator($"[data-testid=report-preview] [data-testid=chart-{report}]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=report-preview-problem]")).ToHaveCountAsync(0);
        await journey.ShotAsync("1-funnel");
        await page.ClickAsync("[data-testid=report-publish]");
        await Expect(page.Locator("[data-testid=report-status]")).ToContainTextAsync(locale == "en" ? "Version 1 published" : "已发布第 1 版");

        await journey.GoAsync("/apps/crm");
        await page.ClickAsync("[data-testid=new-dashboard]");
        await page.FillAsync("[data-testid=new-dashboard-panel] input[data-testid=new-name]", locale == "en" ? "Pipeline" : "销售管道");
        await Expect(page.Locator("[data-testid=new-dashboard-panel] input[data-testid=new-key]")).Not.ToHaveValueAsync("");
        await page.FillAsync("[data-testid=new-dashboard-panel] input[data-testid=new-key]", dashboard);
        await page.ClickAsync("[data-testid=new-dashboard-panel] [data-testid=new-create]");
        await Expect(page.Locator("[data-testid=dashboard-designer]")).ToBeVisibleAsync();
        await page.Locator(locale == "en" ? "input[data-testid=dashboard-name-en]" : "input[data-testid=dashboard-name-zh]").FillAsync(locale == "en" ? "Pipeline" : "销售管道");
        await page.Locator(locale == "en" ? "input[data-testid=dashboard-name-en]" : "input[data-testid=dashboard-name-zh]").PressAsync("Tab");
        await ChooseAsync(page, "dashboard-report", locale == "en" ? "Deal stages" : "商机阶段漏斗");
        await page.ClickAsync("[data-testid=dashboard-add]");
        var item = page.Locator($"[data-testid=dashboard-item][data-report={report}]");
        await Expect(item).ToHaveAttributeAsync("data-w", "6");
        // Taken by its title (its buttons resize it) and dropped on a free cell of the grid, four columns in, five rows down.
        await item.DragToAsync(page.Locator("[data-testid=dashboard-cell][data-x='4'][data-y='5']"), new() { SourcePosition = new() { X = 12, Y = 10 } });
        await Expect(item).ToHaveAttributeAsync("data-x", "4");
        await Expect(item).ToHaveAttributeAsync("data-y", "5");
        // Its right edge dragged onto the last column makes it eight wide; its corner dragged back inside makes it smaller.
        await item.Locator("[data-testid=item-edge-right]").DragToAsync(page.Locator("[data-testid=dashboard-cell][data-x='11'][data-y='5']"));
        await Expect(item).ToHaveAttributeAsync("data-w", "8");
        await DragByHandAsync(page, item.Locator("[data-testid=item-edge-corner]"), page.Locator("[data-testid=dashboard-cell][data-x='8'][data-y='6']"));
        await Expect(item).ToHaveAttributeAsync("data-w", "5");
        await Expect(item).ToHaveAttributeAsync("data-h", "2");
        // Undone, redone and undone again: eight wide and four high.
        await page.ClickAsync("[data-testid=dashboard-designer] button[data-testid=undo]");
        await Expect(item).ToHaveAttributeAsync("data-w", "8");
        await page.ClickAsync("[data-testid=dashboard-designer] button[data-testid=redo]");
        await Expect(item).ToHaveAttributeAsync("data-h", "2");
        await page.ClickAsync("[data-testid=dashboard-designer] button[data-testid=undo]");
        await Expect(item).ToHaveAttributeAsync("data-h", "4");
        await Expect(item).ToHaveAttributeAsync("data-w", "8");
        await item.Locator("[data-testid=item-narrower]").ClickAsync();
        await item.Locator("[data-testid=item-wider]").ClickAsync();
        await Expect(item).ToHaveAttributeAsync("data-w", "8");
        await journey.ShotAsync("2-dashboard-designed");
        await page.ClickAsync("[data-testid=dashboard-publish]");
        await page.ClickAsync("[data-testid=open-dashboard]");
        await Expect(page.Locator($"[data-testid=report-{report}] [data-testid=chart-{report}]")).ToBeVisibleAsync();
        await Expect(page.Locator($"[data-testid=report-{report}]")).ToHaveAttributeAsync("style", new System.Text.RegularExpressions.Regex("grid-column: 5 / span 8"));
        await journey.ShotAsync("3-dashboard");

        // The report's filter was published with it: the designer opened again starts from it.
        await journey.GoAsync($"/apps/crm/reports/{report}/design");
        await Expect(page.Locator("[data-testid=report-filter] [data-testid=filter-line]")).ToHaveCountAsync(1);
    }

    // A drag by the mouse itself, so the drop may land on a cell under the report being resized.
    private static async Task DragByHandAsync(IPage page, ILocator handle, ILocator cell)
    {
        var from = (await handle.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(from.X + (from.Width / 2), from.Y + (from.Height / 2));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(from.X + (from.Width / 2) - 10, from.Y + (from.Height / 2) - 10, new() { Steps = 3 });
        await Expect(page.Locator(".board-design-resizing")).ToHaveCountAsync(1);
        var to = (await cell.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(to.X + (to.Width / 2), to.Y + (to.Height / 2), new() { Steps = 5 });
        await page.Mouse.UpAsync();
    }

    private static Task ChooseAsync(IPage page, string testId, string option) => PickAsync(page, page.Locator($"[data-testid={testId}]").First, option);

    private static async Task PickAsync(IPage page, ILocator select, string option)
    {
        await select.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(option, new() { Exact = true }).ClickAsync();
    }
}
