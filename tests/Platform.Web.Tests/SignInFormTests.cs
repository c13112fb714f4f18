using System.Net;
using System.Text;

namespace Platform.Web.Tests;

/// <summary>What the sign-in form's endpoint does with what is not the page's form: back to the page, saying so; never an error page.</summary>
public sealed class SignInFormTests
{
    [TestCase("application/json", """{ "email": "admin@example.com", "password": "x" }""")]
    [TestCase("text/plain", "email=admin@example.com")]
    [TestCase("application/x-www-form-urlencoded", "email=admin%40example.com&password=correct+horse+battery")]
    public async Task A_post_without_the_pages_form_and_its_token_goes_back_to_the_page(string type, string body)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Browser.Runtime.Address };

        var answer = await client.PostAsync("/auth/signin", new StringContent(body, Encoding.UTF8, type));

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(answer.Headers.Location?.OriginalString, Does.StartWith("/signin?error=missing"));
        Assert.That(answer.Headers.Contains("Set-Cookie") && answer.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("platform.session", StringComparison.Ordinal)), Is.False,
            "no session without the page's anti-forgery token");
    }
}
