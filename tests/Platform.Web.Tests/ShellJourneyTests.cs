using System.Net.Http.Json;

namespace Platform.Web.Tests;

/// <summary>
/// The web app's shell as a user clicks through it, in Chinese and in English: the sign-in page in the browser's
/// language refuses a wrong password with a message, signs in, switches the language (saved in the profile), opens the
/// CRM, its customers (a page at a time, keyset paged) and signs out.
/// </summary>
[NonParallelizable]
public sealed class ShellJourneyTests
{
    private static readonly Dictionary<string, Dictionary<string, string>> Words = new()
    {
        ["zh-CN"] = new() { ["signInTitle"] = "登录 Platform", ["signInFailed"] = "邮箱或密码不正确。", ["apps"] = "应用", ["app"] = "客户管理", ["customers"] = "客户", ["records"] = "条记录", ["loadMore"] = "加载更多", ["name"] = "客户名称" },
        ["en"] = new() { ["signInTitle"] = "Sign in to Platform", ["signInFailed"] = "The email or password is wrong.", ["apps"] = "Apps", ["app"] = "CRM", ["customers"] = "Customers", ["records"] = "records", ["loadMore"] = "Load more", ["name"] = "Company name" },
    };

    [OneTimeSetUp]
    public async Task AddCustomersAsync()
    {
        using var api = await Browser.Runtime.SignInAsync();
        var customers = Enumerable.Range(1, 60).Select(i => new { name = $"华为 {i:D2}", stage = "lead" }).ToArray();
        var answer = await api.PostAsJsonAsync("/api/apps/crm/forms/customer/records/batch", customers);
        Assert.That(answer.IsSuccessStatusCode, Is.True, await answer.Content.ReadAsStringAsync());
    }

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task A_user_signs_in_switches_language_opens_the_customers_and_signs_out(string locale)
    {
        var words = Words[locale];
        await using var context = await Browser.NewContextAsync(locale);
        var page = await context.NewPageAsync();
        page.Console += (_, message) => TestContext.Progress.WriteLine($"[browser {message.Type}] {message.Text}");
        async Task Shot(string step) => await page.ScreenshotAsync(new() { Path = Path.Combine(Browser.Screenshots, $"shell-{locale}-{step}.png"), FullPage = true });

        await page.GotoAsync("/apps/crm");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?returnUrl=%2Fapps%2Fcrm"));
        await Expect(page.GetByText(words["signInTitle"])).ToBeVisibleAsync();
        await Shot("1-signin");

        await page.FillAsync("#email", RuntimeProcess.AdminEmail);
        await page.FillAsync("#password", "not the password");
        await page.ClickAsync("[data-testid=signin-submit]");
        await Expect(page.Locator("[data-testid=signin-error]")).ToHaveTextAsync(words["signInFailed"]);
        await Expect(page.Locator("#email")).ToHaveValueAsync(RuntimeProcess.AdminEmail);
        await Shot("2-wrong-password");

        await page.FillAsync("#password", RuntimeProcess.AdminPassword);
        await page.ClickAsync("[data-testid=signin-submit]");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/apps/crm$"));
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        await page.Locator("[data-testid=language] button").ClickAsync();
        await page.GetByText(locale == "en" ? "English" : "中文", new() { Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(words["app"]);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Shot("3-app");

        await page.ClickAsync("[data-testid=form-customer]");
        await Expect(page.Locator("h1")).ToHaveTextAsync(words["customers"]);
        var table = page.Locator("[data-testid=record-table]");
        await Expect(table.Locator("th").First).ToHaveTextAsync(words["name"]);
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(50);
        await Expect(page.Locator("[data-testid=record-count]")).ToContainTextAsync($"60 {words["records"]}");
        await Shot("4-customers");

        await page.ClickAsync("[data-testid=load-more]");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(60);
        await Expect(page.Locator("[data-testid=load-more]")).ToHaveCountAsync(0);
        await Expect(table.Locator("tbody tr").Last).ToContainTextAsync("华为 60");
        await Shot("5-all-customers");

        await page.ClickAsync("[data-testid=sign-out]");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
    }
}
