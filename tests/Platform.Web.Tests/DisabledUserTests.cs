using System.Net.Http.Json;

namespace Platform.Web.Tests;

/// <summary>A user disabled while their page is open is signed out at their next click (or the list's next live refresh), and cannot sign in again.</summary>
[NonParallelizable]
public sealed class DisabledUserTests
{
    [Test]
    public async Task A_user_disabled_while_their_page_is_open_is_signed_out_at_their_next_click()
    {
        const string email = "leaving@example.com";
        var id = await Crm.SalespersonAsync(email, "Lee Leaving", "en");
        await using var journey = await Journey.StartAsync("disabled", "en");
        var page = journey.Page;
        await journey.SignInAsync(email, Crm.Password, "/apps/crm/forms/customer");
        await Expect(page.Locator("[data-testid=record-table]")).ToBeVisibleAsync();

        using (var api = await Browser.Runtime.SignInAsync())
        {
            var answer = await api.PatchAsJsonAsync($"/api/users/{id}", new { active = false });
            Assert.That(answer.IsSuccessStatusCode, Is.True, await answer.Content.ReadAsStringAsync());
        }
        // Their next click finds them disabled — or sooner, when the list reads its rows again because another customer changed.
        var signIn = new System.Text.RegularExpressions.Regex("/signin");
        try
        {
            await page.Locator("[data-testid=sort-name]").ClickAsync(new() { Timeout = 10_000 });
        }
        catch (System.TimeoutException) when (signIn.IsMatch(page.Url))
        {
        }
        await Expect(page).ToHaveURLAsync(signIn);
        await Expect(page.Locator("#email")).ToBeVisibleAsync();
        await journey.ShotAsync("1-signed-out");

        await page.FillAsync("#email", email);
        await page.FillAsync("#password", Crm.Password);
        await page.ClickAsync("[data-testid=signin-submit]");
        await Expect(page.Locator("[data-testid=signin-error]")).ToBeVisibleAsync();
    }
}
