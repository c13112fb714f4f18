namespace Platform.Web.Tests;

/// <summary>
/// A user's profile, in Chinese and in English: a time zone that is none is refused beside the box in their language, a
/// real one saved; a personal API token created (shown once, and it works against the API), then revoked.
/// </summary>
[NonParallelizable]
public sealed class ProfileJourneyTests
{
    [TestCase("zh-CN", "“Mars/Base”不是时区")]
    [TestCase("en", "'Mars/Base' is not a time zone")]
    public async Task A_user_sets_their_time_zone_and_makes_and_revokes_a_personal_token(string locale, string refused)
    {
        var email = $"profile-{locale}@example.com";
        await Crm.SalespersonAsync(email, "Pro File", locale);
        await using var journey = await Journey.StartAsync("profile", locale);
        var page = journey.Page;
        await journey.SignInAsync(email, Crm.Password, "/");
        await page.ClickAsync("[data-testid=user-name]");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/profile$"));
        await journey.InteractiveAsync();

        await journey.Field("profile-zone").FillAsync("Mars/Base");
        await page.ClickAsync("[data-testid=profile-save]");
        await Expect(page.GetByText(refused)).ToBeVisibleAsync();
        await journey.Field("profile-zone").FillAsync("Asia/Shanghai");
        await page.ClickAsync("[data-testid=profile-save]");
        await Expect(page.Locator("[data-testid=profile-saved]")).ToBeVisibleAsync();

        await journey.Field("token-name").FillAsync("sheet-sync");
        await page.ClickAsync("[data-testid=token-create]");
        var token = (await page.Locator("[data-testid=token-issued] code").TextContentAsync())!.Trim();
        await journey.ShotAsync("1-token");
        using var api = new HttpClient { BaseAddress = Browser.Runtime.Address };
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.That((await api.GetAsync("/api/me")).IsSuccessStatusCode, Is.True);

        await page.ClickAsync("[data-testid=token-revoke-sheet-sync]");
        await Expect(page.Locator("[data-testid=token-revoke-sheet-sync]")).ToHaveCountAsync(0);
        Assert.That((int)(await api.GetAsync("/api/me")).StatusCode, Is.EqualTo(401));
    }
}
