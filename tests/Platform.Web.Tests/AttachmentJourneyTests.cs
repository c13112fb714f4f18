namespace Platform.Web.Tests;

/// <summary>
/// A salesperson back from a visit, in Chinese and in English: they add a photo and a file to the follow-up, see the photo
/// previewed, save; the page read again shows them through the record; a page disguised as a picture is saved by the browser,
/// never shown; a file over the limit is refused beside the field and nothing of it kept; a file removed stays removed.
/// </summary>
[NonParallelizable]
public sealed class AttachmentJourneyTests
{
    // A real one-pixel PNG: the preview must draw it.
    private static readonly byte[] Photo = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private static readonly Dictionary<string, string> TooLarge = new() { ["zh-CN"] = "文件最大为 1 MB。", ["en"] = "A file is at most 1 MB." };

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task A_follow_up_gets_a_previewed_photo_and_a_file_downloaded_through_it(string locale)
    {
        var email = $"files-{locale}@example.com";
        await Crm.SalespersonAsync(email, locale == "en" ? "Fay Files" : "附件销售", locale);
        var customer = await Crm.CreateAsync(email, "customer", new { name = $"云帆物流 {locale}", stage = "lead" });
        var followUp = await Crm.CreateAsync(email, "follow_up", new { customer, channel = "visit", time = "2026-11-30T02:00:00Z", content = "On-site visit" });

        await using var journey = await Journey.StartAsync("attachments", locale);
        var page = journey.Page;
        await journey.SignInAsync(email, Crm.Password, $"/apps/crm/forms/follow_up/records/{followUp}");
        await journey.InteractiveAsync();
        var field = page.Locator("[data-testid=field-files]");
        var picker = page.Locator("[data-testid=field-files-upload]");

        await Journey.PickFilesAsync(picker,
            new FilePayload { Name = "门头照片.png", MimeType = "image/png", Buffer = Photo },
            new FilePayload { Name = "visit-notes.png", MimeType = "image/png", Buffer = "<html><script>alert(1)</script></html>"u8.ToArray() });
        // The first upload of a fresh server streams through code not yet compiled: given longer.
        await Expect(field.Locator("[data-testid=attachment]")).ToHaveCountAsync(2, new() { Timeout = 15_000 });
        // Only the real picture is previewed: the other's bytes are text, whatever its name says.
        await Expect(field.Locator("[data-testid=attachment-preview]")).ToHaveCountAsync(1);
        await ExpectDrawnAsync(field);
        await journey.ShotAsync("0-uploaded");
        await page.ClickAsync("[data-testid=save]");
        await Expect(page.Locator("[data-testid=saved]")).ToBeVisibleAsync();

        // Read again: both are there, read through the record now.
        await journey.GoAsync($"/apps/crm/forms/follow_up/records/{followUp}");
        await journey.InteractiveAsync();
        await Expect(field.Locator("[data-testid=attachment]")).ToHaveCountAsync(2);
        await Expect(field.Locator("[data-testid=attachment-preview]")).ToHaveAttributeAsync("src",
            new System.Text.RegularExpressions.Regex($"^/api/apps/crm/forms/follow_up/records/{followUp}/files/[0-9a-f]{{64}}$"));
        await ExpectDrawnAsync(field);
        var disguised = await field.Locator("[data-testid=attachment-link]", new() { HasText = "visit-notes.png" }).GetAttributeAsync("href");
        var download = await page.Context.APIRequest.GetAsync(disguised!);
        Assert.That(download.Status, Is.EqualTo(200));
        Assert.That(download.Headers["content-type"], Does.StartWith("text/plain"));
        Assert.That(download.Headers["content-disposition"], Does.StartWith("attachment"), "a page is never shown, only saved");
        await journey.ShotAsync("1-saved");

        // Too large: said beside the field, in the user's language; nothing added.
        await Journey.PickFilesAsync(picker, new FilePayload { Name = "scan.pdf", MimeType = "application/pdf", Buffer = new byte[1_100_000] });
        await Expect(page.Locator("[data-testid=field-files-error]")).ToHaveTextAsync(TooLarge[locale]);
        await Expect(field.Locator("[data-testid=attachment]")).ToHaveCountAsync(2);
        await journey.ShotAsync("2-too-large");

        // Removed and saved: gone when the page is read again.
        await field.Locator("[data-testid=attachment]", new() { HasText = "visit-notes.png" }).Locator("button").ClickAsync();
        await Expect(field.Locator("[data-testid=attachment]")).ToHaveCountAsync(1);
        await page.ClickAsync("[data-testid=save]");
        await Expect(page.Locator("[data-testid=saved]")).ToBeVisibleAsync();
        await journey.GoAsync($"/apps/crm/forms/follow_up/records/{followUp}");
        await journey.InteractiveAsync();
        await Expect(field.Locator("[data-testid=attachment]")).ToHaveCountAsync(1);
        await Expect(field.Locator("[data-testid=attachment-link]")).ToHaveTextAsync("门头照片.png");
    }

    private static async Task ExpectDrawnAsync(ILocator field)
    {
        var preview = field.Locator("[data-testid=attachment-preview]");
        await Expect(preview).ToBeVisibleAsync();
        await preview.EvaluateAsync("img => img.decode()");
        Assert.That(await preview.EvaluateAsync<int>("img => img.naturalWidth"), Is.EqualTo(1), "the preview draws the picture");
    }
}
