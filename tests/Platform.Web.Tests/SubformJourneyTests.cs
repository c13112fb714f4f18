namespace Platform.Web.Tests;

/// <summary>
/// An opportunity's product lines as a grid, in Chinese and in English: rows added, a wrong quantity refused beside its own
/// cell (nothing saved), fixed and saved; the page read again shows the rows; a row removed stays removed.
/// </summary>
[NonParallelizable]
public sealed class SubformJourneyTests
{
    private static readonly Dictionary<string, string> AtLeastOne = new() { ["zh-CN"] = "不能小于 1。", ["en"] = "Must be at least 1." };

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task A_salesperson_fills_an_opportunitys_product_lines_in_a_grid(string locale)
    {
        var email = $"lines-{locale}@example.com";
        await Crm.SalespersonAsync(email, locale == "en" ? "Lin Lines" : "明细销售", locale);
        var customer = await Crm.CreateAsync(email, "customer", new { name = $"远航制造 {locale}", stage = "lead" });
        var opportunity = await Crm.CreateAsync(email, "opportunity", new { name = $"产线升级 {locale}", customer, stage = "needs_analysis" });

        await using var journey = await Journey.StartAsync("subform", locale);
        var page = journey.Page;
        await journey.SignInAsync(email, Crm.Password, $"/apps/crm/forms/opportunity/records/{opportunity}");
        await journey.InteractiveAsync();
        var grid = page.Locator("[data-testid=field-products]");
        var rows = grid.Locator("[data-testid=subform-row]");
        ILocator Cell(int row, string key) => rows.Nth(row).Locator($"[data-testid=field-{key}] input, input[data-testid=field-{key}]").First;

        await page.ClickAsync("[data-testid=field-products-add]");
        await page.ClickAsync("[data-testid=field-products-add]");
        await Expect(rows).ToHaveCountAsync(2);
        await Cell(0, "product").FillAsync("工业相机");
        await Cell(0, "quantity").FillAsync("4");
        await Cell(0, "price").FillAsync("8800");
        await Cell(1, "product").FillAsync("视觉软件");
        await Cell(1, "quantity").FillAsync("0");
        await Cell(1, "price").FillAsync("20000");
        await Cell(1, "price").PressAsync("Tab");

        // The engine refuses the second row's quantity: said beside that cell alone.
        await page.ClickAsync("[data-testid=save]");
        await Expect(rows.Nth(1).Locator(".mud-input-helper-text.mud-input-error")).ToHaveTextAsync(AtLeastOne[locale]);
        await Expect(rows.Nth(0).Locator(".mud-input-helper-text.mud-input-error")).ToHaveCountAsync(0);
        await journey.ShotAsync("0-refused-cell");

        await Cell(1, "quantity").FillAsync("1");
        await Cell(1, "quantity").PressAsync("Tab");
        await page.ClickAsync("[data-testid=save]");
        await Expect(page.Locator("[data-testid=saved]")).ToBeVisibleAsync();

        await journey.GoAsync($"/apps/crm/forms/opportunity/records/{opportunity}");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(Cell(1, "product")).ToHaveValueAsync("视觉软件");
        await Expect(Cell(0, "quantity")).ToHaveValueAsync("4");
        await journey.ShotAsync("1-saved");

        await rows.Nth(0).Locator("[data-testid=subform-remove]").ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await page.ClickAsync("[data-testid=save]");
        await Expect(page.Locator("[data-testid=saved]")).ToBeVisibleAsync();
        await journey.GoAsync($"/apps/crm/forms/opportunity/records/{opportunity}");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(Cell(0, "product")).ToHaveValueAsync("视觉软件");
    }
}
