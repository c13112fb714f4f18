using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Platform.Runtime.Web.Components.Pages;

namespace Platform.Web.Tests.Components;

/// <summary>
/// The sign-in page on its own: it speaks the browser's language, says why the last attempt failed, keeps the email
/// typed, and only ever sends the user back to a page of this site (no open redirect through <c>returnUrl</c>).
/// </summary>
public sealed class SignInPageTests
{
    private static IRenderedComponent<SignIn> Render(BunitContext context, string language, string query)
    {
        context.Services.AddMudServices();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        var http = new DefaultHttpContext();
        http.Request.Headers.AcceptLanguage = language;
        context.Services.GetRequiredService<NavigationManager>().NavigateTo("/signin" + query);
        return context.Render<SignIn>(parameters => parameters.AddCascadingValue(http));
    }

    [TestCase("zh-CN,zh;q=0.9,en;q=0.8", "登录 Platform", "邮箱或密码不正确。")]
    [TestCase("en-US,en;q=0.9", "Sign in to Platform", "The email or password is wrong.")]
    [TestCase("fr-FR", "Sign in to Platform", "The email or password is wrong.")]
    public async Task A_failed_attempt_is_said_in_the_browsers_language_and_the_email_is_kept(string language, string title, string error)
    {
        await using var context = new BunitContext();

        var page = Render(context, language, "?error=invalid&email=li%40example.com");

        Assert.That(page.Markup, Does.Contain(title));
        Assert.That(page.Find("[data-testid=signin-error]").TextContent.Trim(), Is.EqualTo(error));
        Assert.That(page.Find("#email").GetAttribute("value"), Is.EqualTo("li@example.com"));
    }

    [TestCase("/apps/crm/forms/customer", "/apps/crm/forms/customer")]
    [TestCase("https://evil.example.com/", "/")]
    [TestCase("//evil.example.com/", "/")]
    [TestCase("/\\evil.example.com/", "/")]
    [TestCase("", "/")]
    public async Task Only_a_page_of_this_site_is_where_sign_in_leads(string returnUrl, string kept)
    {
        await using var context = new BunitContext();

        var page = Render(context, "en", "?returnUrl=" + Uri.EscapeDataString(returnUrl));

        Assert.That(page.Find("input[name=returnUrl]").GetAttribute("value"), Is.EqualTo(kept));
        Assert.That(page.FindAll("[data-testid=signin-error]"), Is.Empty);
    }
}
