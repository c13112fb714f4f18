using System.Text.RegularExpressions;

namespace Platform.Web.Tests;

/// <summary>
/// Changing records from the list, in Chinese and in English: a salesperson edits a cell in place (a double-click, or Enter
/// from the keyboard), sees the engine's refusal in the cell, gives up with Escape; chooses several customers and sets their
/// level at once, and a bulk move the stage rules refuse names each record and changes none. They have no right to delete, so
/// no such button; a manager deletes two at once. Someone who only reads gets neither checkboxes nor editable cells.
/// </summary>
[NonParallelizable]
public sealed class ListEditJourneyTests
{
    private static readonly Dictionary<string, Dictionary<string, string>> Words = new()
    {
        ["zh-CN"] = new()
        {
            ["city"] = "城市", ["email"] = "邮箱", ["level"] = "客户等级", ["stage"] = "生命周期阶段", ["levelA"] = "A 重点", ["loyal"] = "忠诚客户",
            ["badEmail"] = "不是有效的电子邮件地址。", ["selected"] = "已选 3 条", ["changed"] = "已修改 3 条记录。", ["deleted"] = "已删除 2 条记录（可在回收站恢复）。",
        },
        ["en"] = new()
        {
            ["city"] = "City", ["email"] = "Email", ["level"] = "Level", ["stage"] = "Lifecycle stage", ["levelA"] = "A (key)", ["loyal"] = "Loyal",
            ["badEmail"] = "Not a valid email address.", ["selected"] = "3 selected", ["changed"] = "3 records changed.", ["deleted"] = "2 records deleted (they can be restored).",
        },
    };

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task A_salesperson_edits_in_place_and_changes_several_customers_at_once(string locale)
    {
        var words = Words[locale];
        var token = "Batch" + locale.Replace("-", "", StringComparison.Ordinal);
        var email = $"batch-{locale}@example.com";
        await Crm.SalespersonAsync(email, locale == "en" ? "Bea Batch" : "批量销售", locale);
        foreach (var name in new[] { "A", "B", "C" })
            await Crm.CreateAsync(email, "customer", new { name = $"{token} {name}", stage = "lead", city = "上海" });
        // One the search leaves out, so the list is known to be searched before a cell is edited (a search landing
        // afterwards would draw other rows and close the editor).
        await Crm.CreateAsync(email, "customer", new { name = $"Other {locale}", stage = "lead" });

        await using var journey = await Journey.StartAsync("list-edit", locale);
        var page = journey.Page;
        await journey.SignInAsync(email, Crm.Password, "/apps/crm/forms/customer");
        var table = page.Locator("[data-testid=record-table]");
        await page.Locator("input[data-testid=search], [data-testid=search] input").First.FillAsync(token);
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(3);
        ILocator Row(string name) => table.Locator("tbody tr", new() { HasText = $"{token} {name}" });
        ILocator Cell(string name, string column) => Row(name).Locator($"td[data-label=\"{words[column]}\"]");

        // In place: a double-click opens the cell's input; Enter saves through the engine and the cell shows what it wrote.
        await Cell("A", "city").DblClickAsync();
        var editor = table.Locator("[data-testid=cell-editor]");
        await Expect(editor).ToHaveCountAsync(1);
        await editor.Locator("input").FillAsync("杭州");
        await editor.Locator("input").PressAsync("Enter");
        await Expect(editor).ToHaveCountAsync(0);
        await Expect(Cell("A", "city")).ToHaveTextAsync("杭州");
        await Expect(Cell("A", "city")).ToBeFocusedAsync();

        // From the keyboard: Enter on a focused cell; the engine's refusal is said in the cell, Escape leaves the value as it was.
        await Cell("B", "email").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await editor.Locator("input").FillAsync("not-an-address");
        await editor.Locator("input").PressAsync("Enter");
        await Expect(table.Locator("[data-testid=cell-editor] .mud-input-error, td .mud-input-helper-text.mud-input-error").First).ToContainTextAsync(words["badEmail"]);
        await journey.ShotAsync("0-refused-in-cell");
        await page.Keyboard.PressAsync("Escape");
        await Expect(editor).ToHaveCountAsync(0);
        await Expect(Cell("B", "email")).ToHaveTextAsync("");

        // Several at once: all three chosen, their level set in one go.
        await Expect(page.Locator("[data-testid=bulk-bar]")).ToHaveCountAsync(0);
        await page.Locator("[data-testid=select-all]").CheckAsync();
        await Expect(page.Locator("[data-testid=selected-count]")).ToHaveTextAsync(words["selected"]);
        await Expect(page.Locator("[data-testid=bulk-delete-open]")).ToHaveCountAsync(0, new() { Timeout = 1000 });
        await page.ClickAsync("[data-testid=bulk-edit-open]");
        await page.Locator("[data-testid=bulk-field]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(words["level"], new() { Exact = true }).ClickAsync();
        await journey.ChooseAsync("level", words["levelA"]);
        await journey.ShotAsync("1-bulk-edit");
        await page.ClickAsync("[data-testid=bulk-apply]");
        await Expect(page.Locator("[data-testid=bulk-done]")).ToHaveTextAsync(words["changed"]);
        foreach (var name in new[] { "A", "B", "C" }) await Expect(Cell(name, "level")).ToHaveTextAsync(words["levelA"]);

        // A bulk move the stage rules refuse: each record named, none moved.
        await page.Locator("[data-testid=select-all]").CheckAsync();
        await page.ClickAsync("[data-testid=bulk-edit-open]");
        await page.Locator("[data-testid=bulk-field]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(words["stage"], new() { Exact = true }).ClickAsync();
        await journey.ChooseAsync("stage", words["loyal"]);
        await page.ClickAsync("[data-testid=bulk-apply]");
        var refusals = page.Locator("[data-testid=bulk-errors] li");
        await Expect(refusals).ToHaveCountAsync(3);
        await Expect(refusals.First).ToContainTextAsync($"{token} A");
        await journey.ShotAsync("2-bulk-refused");
        await Expect(Cell("C", "stage")).Not.ToHaveTextAsync(words["loyal"]);

        // A manager (the CRM's admin role) may delete: two at once, into the recycle bin.
        var manager = $"batch-boss-{locale}@example.com";
        await Crm.PersonAsync(manager, "Boss", locale, "admin");
        await using var boss = await Journey.StartAsync("list-edit-manager", locale);
        await boss.SignInAsync(manager, Crm.Password, "/apps/crm/forms/customer");
        var list = boss.Page.Locator("[data-testid=record-table]");
        await boss.Page.Locator("input[data-testid=search], [data-testid=search] input").First.FillAsync(token);
        await Expect(list.Locator("tbody tr")).ToHaveCountAsync(3);
        await list.Locator("tbody tr", new() { HasText = $"{token} A" }).Locator("input[type=checkbox]").CheckAsync();
        await list.Locator("tbody tr", new() { HasText = $"{token} B" }).Locator("input[type=checkbox]").CheckAsync();
        await boss.Page.ClickAsync("[data-testid=bulk-delete-open]");
        await boss.ShotAsync("3-bulk-delete");
        await boss.Page.ClickAsync("[data-testid=bulk-delete-yes]");
        await Expect(boss.Page.Locator("[data-testid=bulk-done]")).ToHaveTextAsync(words["deleted"]);
        await Expect(list.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(list.Locator("tbody tr")).ToContainTextAsync($"{token} C");
    }

    [Test]
    public async Task Someone_who_only_reads_gets_no_checkboxes_and_no_editable_cells()
    {
        var email = "batch-reader@example.com";
        await Crm.PersonAsync(email, "Reader", "en", "service");
        await using var journey = await Journey.StartAsync("list-edit-reader", "en");
        await journey.SignInAsync(email, Crm.Password, "/apps/crm/forms/customer");
        var table = journey.Page.Locator("[data-testid=record-table]");
        await Expect(table.Locator("tbody tr").First).ToBeVisibleAsync();
        await Expect(table.Locator("input[type=checkbox]")).ToHaveCountAsync(0);
        await Expect(table.Locator("td[data-col]")).ToHaveCountAsync(0);
        await Expect(journey.Page).ToHaveURLAsync(new Regex("/forms/customer$"));
    }
}
