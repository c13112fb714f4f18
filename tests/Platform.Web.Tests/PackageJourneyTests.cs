namespace Platform.Web.Tests;

/// <summary>
/// An administrator copies the CRM through a package, in Chinese and in English: exported from the app's page as a file,
/// installed under another key after its plan is shown; a file that is no package is refused, saying why.
/// </summary>
[NonParallelizable]
public sealed class PackageJourneyTests
{
    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task An_admin_exports_an_app_and_installs_it_again_after_seeing_its_plan(string locale)
    {
        var email = $"packages-{locale}@example.com";
        await Crm.AdminAsync(email, "Pat Package", locale);
        await using var journey = await Journey.StartAsync("package", locale);
        var page = journey.Page;
        await journey.SignInAsync(email, Crm.Password, "/apps/crm");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=export-package]"));
        var file = Path.Combine(Path.GetTempPath(), $"crm-{Guid.NewGuid():N}.json");
        await download.SaveAsAsync(file);
        try
        {
            await journey.GoAsync("/packages/import");
            var picker = page.Locator("input[data-testid=package-file]");
            await Journey.PickFilesAsync(picker, new FilePayload { Name = "notes.json", MimeType = "application/json", Buffer = "[1, 2]"u8.ToArray() });
            await Expect(page.Locator("[data-testid=package-problem]")).ToBeVisibleAsync();

            var copy = locale == "en" ? "crm_copy_en" : "crm_copy_zh";
            await page.Locator("input[data-testid=package-app]").FillAsync(copy);
            await page.Locator("input[data-testid=package-app]").PressAsync("Tab");
            await Journey.PickFilesAsync(picker, new FilePayload { Name = Path.GetFileName(file), MimeType = "application/json", Buffer = await File.ReadAllBytesAsync(file) });
            await Expect(page.Locator("[data-testid=package-change][data-part=forms][data-action=add]").First).ToBeVisibleAsync();
            await Expect(page.Locator("[data-testid=package-plan]")).ToContainTextAsync("customer");
            await journey.ShotAsync("1-plan");
            await page.ClickAsync("[data-testid=package-apply]");
            await Expect(page.Locator("[data-testid=package-done]")).ToContainTextAsync(copy);
            await page.ClickAsync("[data-testid=package-open]");
            await Expect(page.Locator("[data-testid=form-customer]")).ToBeVisibleAsync();
        }
        finally
        {
            File.Delete(file);
        }
    }
}
