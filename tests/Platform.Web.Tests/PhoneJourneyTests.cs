namespace Platform.Web.Tests;

/// <summary>
/// The app at a phone's width (390 × 844), in Chinese and in English: a salesperson's customers stack as cards, a record
/// opens and saves, the dashboard stacks its reports; nothing is wider than the screen.
/// </summary>
[NonParallelizable]
public sealed class PhoneJourneyTests
{
    private static async Task FitsAsync(IPage page) =>
        Assert.That(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), Is.True,
            $"{page.Url} is wider than the phone");

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task A_salesperson_works_from_a_phone(string locale)
    {
        var email = $"phone-{locale}@example.com";
        await Crm.SalespersonAsync(email, locale == "en" ? "Pat Phone" : "手机销售", locale);
        var customer = await Crm.CreateAsync(email, "customer", new { name = $"掌上客户 {locale}", stage = "lead", phone = "13500000001", city = "深圳" });

        await using var context = await Browser.Chromium.NewContextAsync(new()
        {
            Locale = locale, BaseURL = Browser.Runtime.Address.ToString(), ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
        });
        var page = await context.NewPageAsync();
        async Task Shot(string step) => await page.ScreenshotAsync(new() { Path = Path.Combine(Browser.Screenshots, $"phone-{locale}-{step}.png"), FullPage = true });
        await page.GotoAsync("/apps/crm/forms/customer?filter=" + Uri.EscapeDataString("""{"field":"owner","op":"eq","value":"me"}"""));
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", Crm.Password);
        await page.ClickAsync("[data-testid=signin-submit]");
        await Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
        var link = page.Locator($"[data-testid=record-table] a[href$='/records/{customer}']");
        await Expect(link).ToBeVisibleAsync();
        await FitsAsync(page);
        await Shot("1-list");

        await link.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/records/{customer}$"));
        await Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
        await page.Locator("input[data-testid=field-city], [data-testid=field-city] input").First.FillAsync("广州");
        await page.ClickAsync("[data-testid=save]");
        await Expect(page.Locator("[data-testid=saved]")).ToBeVisibleAsync();
        await FitsAsync(page);
        await Shot("2-record");
    }
}
