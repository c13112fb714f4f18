using System.Net.Http.Json;

namespace Platform.Web.Tests;

/// <summary>
/// Lists as people shape them, in Chinese and in English: a salesperson opens the CRM's "my customers", adds a condition
/// in the filter builder, hides and moves columns, saves it all as a view of their own that opens again as saved, groups
/// by stage; a filter the engine refuses is said and nothing is filtered; the CRM's "renewals due" opens as a calendar.
/// </summary>
[NonParallelizable]
public sealed class ViewJourneyTests
{
    private static readonly Dictionary<string, Dictionary<string, string>> Words = new()
    {
        ["zh-CN"] = new()
        {
            ["myCustomers"] = "我的客户", ["stage"] = "生命周期阶段", ["lead"] = "线索", ["level"] = "客户等级", ["one"] = "1 条记录", ["two"] = "2 条记录",
            ["changed"] = "已修改，尚未保存", ["birthday"] = "关键联系人生日", ["lastDays"] = "最近 N 天", ["days"] = "天数", ["renewals"] = "待续约合同", ["filter"] = "筛选"
        },
        ["en"] = new()
        {
            ["myCustomers"] = "My customers", ["stage"] = "Lifecycle stage", ["lead"] = "Lead", ["level"] = "Level", ["one"] = "1 record", ["two"] = "2 records",
            ["changed"] = "Changed since it was saved", ["birthday"] = "Key contact's birthday", ["lastDays"] = "in the last N days", ["days"] = "Days", ["renewals"] = "Renewals due", ["filter"] = "Filter"
        },
    };

    private static async Task PickAsync(IPage page, ILocator select, string option)
    {
        await select.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(option, new() { Exact = true }).ClickAsync();
    }

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task A_salesperson_filters_shapes_and_saves_a_view_of_their_own(string locale)
    {
        var words = Words[locale];
        var email = $"views-{locale}@example.com";
        await Crm.SalespersonAsync(email, locale == "en" ? "Vi Views" : "视图销售", locale);
        var lead = await Crm.CreateAsync(email, "customer", new { name = $"晨曦 A {locale}", stage = "lead", level = "a", phone = "13700000001" });
        await Crm.CreateAsync(email, "customer", new { name = $"晨曦 B {locale}", stage = "mql", level = "b", industry = "internet", phone = "13700000002" });

        await using var journey = await Journey.StartAsync("views", locale);
        var page = journey.Page;
        await journey.SignInAsync(email, Crm.Password, "/apps/crm/forms/customer");
        await page.Locator("[data-testid=saved-view-my_customers]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/forms/customer\\?view=my_customers$"));
        await journey.InteractiveAsync();
        await Expect(page.Locator("[data-testid=record-count]")).ToHaveTextAsync(words["two"]);
        await journey.ShotAsync("1-my-customers");

        // The builder starts from the view's own condition (owner is me); a second one narrows it to the leads.
        await page.ClickAsync("[data-testid=open-filter]");
        var lines = page.Locator("[data-testid=filter-line]");
        await Expect(lines).ToHaveCountAsync(1);
        await page.ClickAsync("[data-testid=filter-add-0]");
        await PickAsync(page, lines.Nth(1).Locator("[data-testid=filter-field]"), words["stage"]);
        await journey.ChooseAsync("stage", words["lead"]);
        await journey.ShotAsync("2-builder");
        await page.ClickAsync("[data-testid=filter-apply]");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("view=my_customers&filter="));
        await journey.InteractiveAsync();
        await Expect(page.Locator("[data-testid=record-count]")).ToHaveTextAsync(words["one"]);
        await Expect(page.Locator("[data-testid=list-filter]")).ToContainTextAsync(words["changed"]);
        await Expect(page.Locator($"[data-testid=record-table] a[href$='/records/{lead}']")).ToBeVisibleAsync();

        // Columns: the level hidden, the stage moved to the front (buttons, so the keyboard does it too).
        await page.ClickAsync("[data-testid=open-columns]");
        await page.Locator("[data-testid=column-show-level]").ClickAsync();
        await page.ClickAsync("[data-testid=column-left-stage]");
        var headers = page.Locator("[data-testid=record-table] thead th:not(.select-cell)");
        await Expect(headers.First).ToHaveTextAsync(words["stage"]);
        await Expect(headers.Filter(new() { HasText = words["level"] })).ToHaveCountAsync(0);
        await journey.ShotAsync("3-columns");

        await page.ClickAsync("[data-testid=view-save-as]");
        await journey.Field("view-name").FillAsync(locale == "en" ? "My leads" : "我的线索客户");
        await page.ClickAsync("[data-testid=view-name-save]");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("\\?view=u\\d+_[0-9a-f]+$"));
        await journey.InteractiveAsync();
        await Expect(page.Locator("[data-testid^=saved-view-u]")).ToHaveTextAsync(locale == "en" ? "My leads" : "我的线索客户");

        // Opened again from its address, the view is as it was saved.
        await journey.GoAsync(page.Url);
        await Expect(page.Locator("[data-testid=record-count]")).ToHaveTextAsync(words["one"]);
        await Expect(headers.First).ToHaveTextAsync(words["stage"]);
        await Expect(page.Locator("[data-testid=open-filter]")).ToContainTextAsync($"{words["filter"]} (2)");
        await Expect(page.Locator("[data-testid=list-filter]")).ToHaveCountAsync(0);

        await page.ClickAsync("[data-testid=open-group]");
        await PickAsync(page, page.Locator("[data-testid=group-by]"), words["stage"]);
        await Expect(page.Locator("[data-testid=open-group]")).ToContainTextAsync(words["stage"]);
        await Expect(page.Locator("[data-testid=list-group]")).ToContainTextAsync(words["lead"]);
        await journey.ShotAsync("4-saved-and-grouped");
    }

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task A_filter_the_engine_refuses_is_said_and_the_list_stays_whole(string locale)
    {
        var words = Words[locale];
        var email = $"views-refused-{locale}@example.com";
        await Crm.SalespersonAsync(email, locale == "en" ? "Re Fused" : "筛选销售", locale);
        await Crm.CreateAsync(email, "customer", new { name = $"朝阳 {locale}", stage = "lead", phone = "13700000004" });
        await using var journey = await Journey.StartAsync("views-refused", locale);
        var page = journey.Page;
        await journey.SignInAsync(email, Crm.Password, "/apps/crm/forms/customer");
        await page.ClickAsync("[data-testid=open-filter]");
        await page.ClickAsync("[data-testid=filter-add-0]");
        await PickAsync(page, page.Locator("[data-testid=filter-field]"), words["birthday"]);
        await PickAsync(page, page.Locator("[data-testid=filter-op]"), words["lastDays"]);
        // No number of days typed: the engine refuses the condition, and says why in the user's language.
        await page.ClickAsync("[data-testid=filter-apply]");
        await journey.InteractiveAsync();
        await Expect(page.Locator("[data-testid=list-filter]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=list-filter]")).ToContainTextAsync(locale == "en" ? "days" : "天");
        await Expect(page.Locator("[data-testid=record-table] tbody tr").First).ToBeVisibleAsync();
        await journey.ShotAsync("1-refused");
    }

    [TestCase("zh-CN", "address")]
    [TestCase("en", "city")]
    public async Task An_admin_is_told_a_sort_no_index_serves_is_slow_and_adds_the_index(string locale, string field)
    {
        var email = $"index-admin-{locale}@example.com";
        using (var api = await Browser.Runtime.SignInAsync())
        {
            var made = await api.PostAsJsonAsync("/api/users", new { email, password = Crm.Password, name = "Ida Index", locale, isAdmin = true });
            Assert.That(made.IsSuccessStatusCode, Is.True, await made.Content.ReadAsStringAsync());
            // More customers than the run's "large" (20), whatever the other journeys made.
            var customers = Enumerable.Range(1, 25).Select(i => new { name = $"索引 {locale} {i:D2}", stage = "lead", city = $"City {i}", address = $"Road {i}" }).ToArray();
            var batch = await api.PostAsJsonAsync("/api/apps/crm/forms/customer/records/batch", customers);
            Assert.That(batch.IsSuccessStatusCode, Is.True, await batch.Content.ReadAsStringAsync());
        }
        await using var journey = await Journey.StartAsync("slow-sort", locale);
        var page = journey.Page;
        await journey.SignInAsync(email, Crm.Password, "/apps/crm/forms/customer");
        await Expect(page.Locator("[data-testid=slow-sort]")).ToHaveCountAsync(0);
        await page.ClickAsync($"[data-testid=sort-{field}]");
        await Expect(page.Locator("[data-testid=slow-sort]")).ToContainTextAsync(locale == "en" ? "no index" : "没有索引");
        await journey.ShotAsync("1-slow");
        await page.ClickAsync("[data-testid=add-index]");
        await Expect(page.Locator("[data-testid=index-added]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(page.Locator("[data-testid=slow-sort]")).ToHaveCountAsync(0);
        await journey.ShotAsync("2-indexed");
    }

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task The_crms_renewals_due_open_as_a_calendar(string locale)
    {
        var words = Words[locale];
        var email = $"calendar-{locale}@example.com";
        await Crm.SalespersonAsync(email, locale == "en" ? "Cal Endar" : "日历销售", locale);
        var customer = await Crm.CreateAsync(email, "customer", new { name = $"续约客户 {locale}", stage = "lead", phone = "13700000003" });
        var ends = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3);
        var contract = await Crm.CreateAsync(email, "contract", new { name = $"年度服务 {locale}", customer, amount = 90000, start = ends.AddYears(-1).ToString("yyyy-MM-dd"), end = ends.ToString("yyyy-MM-dd") });

        await using var journey = await Journey.StartAsync("calendar", locale);
        var page = journey.Page;
        await journey.SignInAsync(email, Crm.Password, "/apps/crm/forms/contract");
        await page.Locator("[data-testid=saved-view-renewals_due]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/forms/contract/calendar/end\\?view=renewals_due$"));
        await journey.InteractiveAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(words["renewals"]);
        await Expect(page.Locator($"[data-testid=day-{ends:yyyy-MM-dd}] [data-testid=calendar-record-{contract}]")).ToBeVisibleAsync();
        await journey.ShotAsync("1-month");

        await page.ClickAsync("[data-testid=calendar-next]");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("month=\\d{4}-\\d{2}"));
        await page.ClickAsync("[data-testid=calendar-today]");
        await page.Locator($"[data-testid=calendar-record-{contract}]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/forms/contract/records/{contract}$"));
    }
}
