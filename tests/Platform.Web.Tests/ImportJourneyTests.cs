using System.Text;

namespace Platform.Web.Tests;

/// <summary>
/// Sheets in and out of a list, in Chinese and in English: a manager picks a CSV, sees each column's suggested field and
/// the first rows, imports it and follows the progress bar to the end — two rows added, one refused — downloads the rows
/// that failed, and exports what the list shows as a workbook. A salesperson without the right sees neither button.
/// </summary>
[NonParallelizable]
public sealed class ImportJourneyTests
{
    private static readonly Dictionary<string, Dictionary<string, string>> Words = new()
    {
        ["zh-CN"] = new() { ["name"] = "客户名称", ["stage"] = "生命周期阶段", ["city"] = "城市", ["lead"] = "线索", ["done"] = "导入完成。", ["counts"] = "新增 2，更新 0，失败 1" },
        ["en"] = new() { ["name"] = "Company name", ["stage"] = "Lifecycle stage", ["city"] = "City", ["lead"] = "Lead", ["done"] = "Done.", ["counts"] = "2 added, 0 updated, 1 failed" },
    };

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task A_manager_imports_a_sheet_with_a_progress_bar_and_exports_the_list(string locale)
    {
        var words = Words[locale];
        var token = "Sheet" + locale.Replace("-", "", StringComparison.Ordinal);
        var email = $"sheets-{locale}@example.com";
        await Crm.PersonAsync(email, locale == "en" ? "Ivy Import" : "导入经理", locale, "admin");
        var csv = $"""
            {words["name"]},{words["stage"]},{words["city"]}
            {token} 一号,{words["lead"]},宁波
            {token} 二号,{words["lead"]},温州
            {token} 三号,no such stage,台州
            """;

        await using var journey = await Journey.StartAsync("import", locale);
        var page = journey.Page;
        await journey.SignInAsync(email, Crm.Password, "/apps/crm/forms/customer");
        await page.ClickAsync("[data-testid=import]");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/forms/customer/import$"));
        await journey.InteractiveAsync();
        await Journey.PickFilesAsync(page.Locator("[data-testid=import-file]"),
            new FilePayload { Name = "customers.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        var preview = page.Locator("[data-testid=import-preview]");
        await Expect(preview.Locator("tbody tr")).ToHaveCountAsync(3, new() { Timeout = 15_000 });
        // Each heading already has its field, suggested by the engine from the form's labels.
        await Expect(page.Locator($"input[data-testid='map-{words["city"]}']")).ToHaveValueAsync(words["city"]);
        await journey.ShotAsync("0-preview");

        await page.ClickAsync("[data-testid=import-start]");
        await Expect(page.Locator("[data-testid=import-status]")).ToHaveTextAsync(words["done"], new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-testid=import-counts]")).ToContainTextAsync(words["counts"]);
        await Expect(page.Locator("[data-testid=import-progress]")).ToBeVisibleAsync();
        await journey.ShotAsync("1-done");
        var report = await page.Locator("[data-testid=import-error-report]").GetAttributeAsync("href");
        var rows = await page.Context.APIRequest.GetAsync(report!);
        Assert.That((rows.Status, rows.Headers["content-type"]), Is.EqualTo((200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")));

        await page.ClickAsync("[data-testid=import-back]");
        await journey.InteractiveAsync();
        await page.Locator("input[data-testid=search], [data-testid=search] input").First.FillAsync(token);
        await Expect(page.Locator("[data-testid=record-table] tbody tr")).ToHaveCountAsync(2);
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=export]"));
        Assert.That(download.SuggestedFilename, Is.EqualTo("customer.xlsx"));
        var saved = await download.PathAsync();
        Assert.That(new FileInfo(saved!).Length, Is.GreaterThan(1000), "a workbook of the customers");
    }

    [Test]
    public async Task A_salesperson_without_the_right_sees_no_import_or_export_and_is_refused_at_the_address()
    {
        var email = "sheets-sales@example.com";
        await Crm.SalespersonAsync(email, "Sam Sheets", "en");
        await using var journey = await Journey.StartAsync("import-refused", "en");
        var page = journey.Page;
        await journey.SignInAsync(email, Crm.Password, "/apps/crm/forms/customer");
        await Expect(page.Locator("[data-testid=record-table]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=import], [data-testid=export]")).ToHaveCountAsync(0);
        await journey.GoAsync("/apps/crm/forms/customer/import");
        await Expect(page.Locator("[data-testid=import-problem]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=import-file]")).ToHaveCountAsync(0);
    }
}
