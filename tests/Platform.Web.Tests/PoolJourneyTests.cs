namespace Platform.Web.Tests;

/// <summary>
/// The public pool, in Chinese and in English: a salesperson opens it from the customers, sees how many claims they have
/// left today, claims a lead (it leaves the pool and is theirs), gives it back with a reason from its page; someone
/// without the rights sees neither the claim nor the new-record button, and opening the new-record page anyway is refused.
/// </summary>
[NonParallelizable]
public sealed class PoolJourneyTests
{
    private static readonly Dictionary<string, Dictionary<string, string>> Words = new()
    {
        ["zh-CN"] = new() { ["pool"] = "公海", ["before"] = "今日已领取 0 / 20 · 持有 0 / 200", ["after"] = "今日已领取 1 / 20 · 持有 1 / 200", ["forbidden"] = "你没有权限" },
        ["en"] = new() { ["pool"] = "Public pool", ["before"] = "Claimed today 0 of 20 · holding 0 of 200", ["after"] = "Claimed today 1 of 20 · holding 1 of 200", ["forbidden"] = "You may not create records" },
    };

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task A_salesperson_claims_a_lead_from_the_pool_and_gives_it_back_with_a_reason(string locale)
    {
        var words = Words[locale];
        var email = $"pool-{locale}@example.com";
        await Crm.SalespersonAsync(email, locale == "en" ? "Pat Pool" : "公海销售", locale);
        var pooled = await Crm.PooledAsync("customer", [new { name = $"潮汐贸易 {locale}", stage = "mql", industry = "retail", phone = "13700000000", owner = (long?)null }]);

        await using var journey = await Journey.StartAsync("pool", locale);
        var page = journey.Page;
        await journey.SignInAsync(email, Crm.Password, "/apps/crm/forms/customer");
        await page.ClickAsync("[data-testid=open-pool]");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/forms/customer/pool$"));
        await journey.InteractiveAsync();
        await Expect(page.Locator("[data-testid=pool-standing]")).ToHaveTextAsync(words["before"]);
        await Expect(page.Locator("[data-testid=pool-table]")).ToContainTextAsync($"潮汐贸易 {locale}");
        await journey.ShotAsync("1-pool");

        await page.ClickAsync($"[data-testid=claim-{pooled[0]}]");
        await Expect(page.Locator("[data-testid=pool-claimed]")).ToContainTextAsync($"潮汐贸易 {locale}");
        await Expect(page.Locator($"[data-testid=claim-{pooled[0]}]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=pool-standing]")).ToHaveTextAsync(words["after"]);
        await journey.ShotAsync("2-claimed");

        await page.Locator("[data-testid=pool-claimed] a").ClickAsync();
        await Expect(page.Locator("[data-testid=record-title]")).ToHaveTextAsync($"潮汐贸易 {locale}");
        await journey.InteractiveAsync();
        await Expect(page.Locator("[data-testid=record-owner]")).ToContainTextAsync(locale == "en" ? "Pat Pool" : "公海销售");
        await page.ClickAsync("[data-testid=give-back]");
        await journey.Field("give-back-reason").FillAsync(locale == "en" ? "Wrong region" : "不在我的区域");
        await page.ClickAsync("[data-testid=give-back-confirm]");
        await Expect(page.Locator("[data-testid=claim]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=record-owner]")).ToContainTextAsync("—");
        await journey.ShotAsync("3-given-back");
    }

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task Someone_without_the_rights_sees_no_buttons_and_the_page_refuses_them(string locale)
    {
        var email = $"service-{locale}@example.com";
        await Crm.PersonAsync(email, "Sue Service", locale, "service");
        await Crm.PooledAsync("customer", [new { name = $"无权公司 {locale}", stage = "mql", industry = "retail", phone = "13600000000", owner = (long?)null }]);

        await using var journey = await Journey.StartAsync("rights", locale);
        var page = journey.Page;
        await journey.SignInAsync(email, Crm.Password, "/apps/crm/forms/customer");
        await Expect(page.Locator("[data-testid=record-table]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=new-record]")).ToHaveCountAsync(0);
        await page.ClickAsync("[data-testid=open-pool]");
        await Expect(page.Locator("[data-testid=pool-table]")).ToContainTextAsync($"无权公司 {locale}");
        await Expect(page.Locator("[data-testid^=claim-]")).ToHaveCountAsync(0);

        await journey.GoAsync("/apps/crm/forms/customer/new");
        await Expect(page.Locator("[data-testid=record-problem]")).ToContainTextAsync(words(locale));
        await Expect(page.Locator("[data-testid=save]")).ToHaveCountAsync(0);
        await journey.ShotAsync("1-refused");

        static string words(string locale) => Words[locale]["forbidden"];
    }
}
