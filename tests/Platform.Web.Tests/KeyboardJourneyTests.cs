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
        await Expect(page.Locator("[data-testid=record-table] thead th").First).ToHaveTextAsync(locale == "en" ? "Phone" : "电话");

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
}
