namespace Platform.Web.Tests;

/// <summary>
/// Without a mouse, in Chinese and in English: every input of the list and of the record page has a label a screen
/// reader says; a column is sorted, the columns panel opened and a column moved, a view named and saved, a record opened,
/// changed and saved, all with the keyboard alone.
/// </summary>
[NonParallelizable]
public sealed class KeyboardJourneyTests
{
    // The inputs a person can reach (not hidden) that have no name for a screen reader: a <label for>, aria-label(ledby) or a title.
    private const string Unlabelled = """
        () => [...document.querySelectorAll('input, textarea, select')]
            .filter(e => e.type !== 'hidden' && e.offsetParent !== null && e.getAttribute('aria-hidden') !== 'true' && e.tabIndex >= 0)
            .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby') && !e.title)
            .map(e => e.outerHTML.slice(0, 160))
        """;

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task A_salesperson_works_the_list_and_a_record_with_the_keyboard_alone(string locale)
    {
        var email = $"keys-{locale}@example.com";
        await Crm.SalespersonAsync(email, locale == "en" ? "Kim Keys" : "键盘销售", locale);
        var customer = await Crm.CreateAsync(email, "customer", new { name = $"键盘客户 {locale}", stage = "lead", phone = "13400000001" });
        await Crm.CreateAsync(email, "customer", new { name = $"另一个客户 {locale}", stage = "lead", phone = "13400000002" });

        await using var journey = await Journey.StartAsync("keyboard", locale);
        var page = journey.Page;
        await journey.SignInAsync(email, Crm.Password, "/apps/crm/forms/customer?filter=" + Uri.EscapeDataString("""{"field":"owner","op":"eq","value":"me"}"""));
        Assert.That(await page.EvaluateAsync<string[]>(Unlabelled), Is.Empty, "every input of the list has a label");

        // Sort by a column: its heading is a button.
        await page.Locator("[data-testid=sort-name]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("th[aria-sort=ascending]")).ToHaveCountAsync(1);

        // The columns panel, and a column moved to the front.
        await page.Locator("[data-testid=open-columns]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("[data-testid=column-left-phone]").FocusAsync();
        for (var i = 0; i < 6; i++) await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("[data-testid=record-table] thead th:not(.select-cell)").First).ToHaveTextAsync(locale == "en" ? "Phone" : "电话");

        // Named and saved as a view of one's own, typed and confirmed from the keyboard.
        await page.Locator("[data-testid=view-save-as]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await journey.Field("view-name").FocusAsync();
        await page.Keyboard.TypeAsync(locale == "en" ? "By phone" : "按电话");
        await page.Locator("[data-testid=view-name-save]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("\\?view=u\\d+_"));
        await journey.InteractiveAsync();
        await journey.ShotAsync("1-list");

        // A record opened from its link, changed and saved.
        await page.Locator($"[data-testid=record-table] a[href$='/records/{customer}']").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/records/{customer}$"));
        await journey.InteractiveAsync();
        Assert.That(await page.EvaluateAsync<string[]>(Unlabelled), Is.Empty, "every input of the record page has a label");
        await journey.Field("city").FocusAsync();
        await page.Keyboard.TypeAsync("苏州");
        await page.Locator("[data-testid=save]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("[data-testid=saved]")).ToBeVisibleAsync();
        await journey.ShotAsync("2-record");
    }

    [Test]
    public async Task The_bell_and_a_cards_menu_open_and_choose_with_the_keyboard_alone()
    {
        var email = "keys-menus@example.com";
        var me = await Crm.SalespersonAsync(email, "Kai Keys", "en");
        var customer = await Crm.CreateAsync(email, "customer", new { name = "Menu Co", stage = "lead", phone = "13400000003" });
        var deal = await Crm.CreateAsync(email, "opportunity", new { name = "Menu deal", customer, stage = "needs_analysis", amount = 1000 });
        // Someone mentions them: the bell has something to open.
        await Crm.CommentAsync("customer", customer, "Please call Menu Co back", [me]);

        await using var journey = await Journey.StartAsync("keyboard-menus", "en");
        var page = journey.Page;
        await journey.SignInAsync(email, Crm.Password, "/apps/crm/forms/opportunity/kanban/stage");
        await journey.InteractiveAsync();

        // The bell: Enter opens it, the notification is reached with the arrow keys and Enter opens its record.
        await page.Locator("[data-testid=bell] button").First.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var notification = page.Locator(".mud-popover-open [data-testid^=notification-]");
        await Expect(notification).ToBeVisibleAsync();
        await ArrowDownToAsync(page, notification);
        await journey.ShotAsync("1-bell");
        await notification.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/forms/customer/records/{customer}$"), new() { Timeout = 15_000 });

        // A card's menu: Enter opens it, the arrow keys reach a move, Enter makes it.
        await journey.GoAsync("/apps/crm/forms/opportunity/kanban/stage");
        await page.Locator($"[data-testid=card-menu-{deal}] button").First.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var move = page.Locator(".mud-popover-open .mud-menu-item", new() { HasText = "Move to Proposal" });
        await Expect(move).ToBeVisibleAsync();
        await ArrowDownToAsync(page, move);
        await move.PressAsync("Enter");
        await Expect(page.Locator($"[data-testid=column-proposal] [data-testid=card-{deal}]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await journey.ShotAsync("2-card-moved");
    }

    // Down the open menu's items until the keyboard is on this one (the menu takes the keys once it has drawn its items).
    private static async Task ArrowDownToAsync(IPage page, ILocator item)
    {
        for (var i = 0; i < 20 && !await item.EvaluateAsync<bool>("e => e === document.activeElement || e.contains(document.activeElement)"); i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
            await Task.Delay(100);
        }
        await Expect(item).ToBeFocusedAsync();
    }
}
