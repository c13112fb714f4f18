using System.Net.Http.Json;

namespace Platform.Web.Tests;

/// <summary>
/// The web app's shell as a user clicks through it, in Chinese and in English: the sign-in page in the browser's
/// language refuses a wrong password with a message, signs in, switches the language (saved in the profile), opens the
/// CRM, its customers (a page at a time, keyset paged), searches them (a term the engine refuses said inline), sorts them
/// by a column and signs out.
/// </summary>
[NonParallelizable]
public sealed class ShellJourneyTests
{
    private static readonly Dictionary<string, Dictionary<string, string>> Words = new()
    {
        ["zh-CN"] = new() { ["signInTitle"] = "登录 Platform", ["signInFailed"] = "邮箱或密码不正确。", ["apps"] = "应用", ["app"] = "客户管理", ["customers"] = "客户", ["sixty"] = "60 条记录", ["one"] = "1 条记录", ["loadMore"] = "加载更多", ["name"] = "客户名称", ["tooShort"] = "请至少输入两个字或数字进行搜索。" },
        ["en"] = new() { ["signInTitle"] = "Sign in to Platform", ["signInFailed"] = "The email or password is wrong.", ["apps"] = "Apps", ["app"] = "CRM", ["customers"] = "Customers", ["sixty"] = "60 records", ["one"] = "1 record", ["loadMore"] = "Load more", ["name"] = "Company name", ["tooShort"] = "Type at least two letters or digits to search." },
    };

    [OneTimeSetUp]
    public async Task AddCustomersAsync()
    {
        using var api = await Browser.Runtime.SignInAsync();
        var customers = Enumerable.Range(1, 60).Select(i => new { name = $"华为 {i:D2}", stage = "lead" }).ToArray();
        var answer = await api.PostAsJsonAsync("/api/apps/crm/forms/customer/records/batch", customers);
        Assert.That(answer.IsSuccessStatusCode, Is.True, await answer.Content.ReadAsStringAsync());
    }

    private static async Task<long> CustomersAsync()
    {
        using var api = await Browser.Runtime.SignInAsync();
        var answer = await api.PostAsJsonAsync("/api/apps/crm/forms/customer/records/query", new { count = true });
        return System.Text.Json.Nodes.JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["total"]!.GetValue<long>();
    }

    /// <summary>Clicks reach the server once the page's circuit is connected (drawn on the server first, then live).</summary>
    private static Task InteractiveAsync(IPage page) => Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);

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
        await InteractiveAsync(page);

        await page.Locator("[data-testid=language] button").ClickAsync();
        await page.EvaluateAsync("() => window.beforeSwitch = true");
        await page.GetByText(locale == "en" ? "English" : "中文", new() { Exact = true }).ClickAsync();
        await page.WaitForFunctionAsync("() => !window.beforeSwitch"); // the page is loaded again in the language chosen
        await Expect(page.Locator("h1")).ToHaveTextAsync(words["app"]);
        await InteractiveAsync(page);
        await Shot("3-app");

        await page.ClickAsync("[data-testid=form-customer]");
        await Expect(page.Locator("h1")).ToHaveTextAsync(words["customers"]);
        var table = page.Locator("[data-testid=record-table]");
        await Expect(table.Locator("th:not(.select-cell)").First).ToHaveTextAsync(words["name"]);
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(50);
        // Other journeys of this run add customers of their own: the count is every customer, said in the page's language.
        var total = await CustomersAsync();
        Assert.That(new Platform.Runtime.Web.UiText(locale).Records(60), Is.EqualTo(words["sixty"]));
        Assert.That(total, Is.InRange(60, 100));
        await Expect(page.Locator("[data-testid=record-count]")).ToHaveTextAsync(new Platform.Runtime.Web.UiText(locale).Records(total));
        await Shot("4-customers");

        await page.ClickAsync("[data-testid=load-more]");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync((int)total);
        await Expect(page.Locator("[data-testid=load-more]")).ToHaveCountAsync(0);
        await Expect(table.Locator("tbody tr").Last).ToContainTextAsync("华为 60");
        await Shot("5-all-customers");

        // Quick search through the engine's index, a term it refuses said inline in the user's language, then a sort.
        var search = page.Locator("input[data-testid=search], [data-testid=search] input").First;
        await search.FillAsync("华为 05");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(table.Locator("tbody tr").First).ToContainTextAsync("华为 05");
        await Expect(page.Locator("[data-testid=record-count]")).ToHaveTextAsync(words["one"]);
        await Shot("6-search");
        await search.FillAsync("华");
        await Expect(page.GetByText(words["tooShort"])).ToBeVisibleAsync();
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
        await Shot("7-search-refused");
        await search.FillAsync("华为");
        await Expect(page.Locator("[data-testid=record-count]")).ToHaveTextAsync(words["sixty"]);
        await page.ClickAsync("[data-testid=sort-name]");
        await Expect(table.Locator("tbody tr").First).ToContainTextAsync("华为 01");
        await page.ClickAsync("[data-testid=sort-name]");
        await Expect(table.Locator("tbody tr").First).ToContainTextAsync("华为 60");
        await Shot("8-sorted");

        await page.ClickAsync("[data-testid=sign-out]");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
    }
}
