using Microsoft.Data.Sqlite;
using static Platform.Runtime.Tests.Support.ApiFixture;

namespace Platform.Runtime.Tests.Hosting;

/// <summary>
/// Changes made by another process reach the running server on its very next call: a user disabled with the CLI is
/// refused with the token they hold, their web session's cookie and a personal token the CLI made them, and a role they
/// lose stops giving its rights.
/// </summary>
public sealed class DisableUserTests
{
    private string _root = null!;

    [SetUp]
    public void CreateFolder() => _root = Path.Combine(Path.GetTempPath(), $"platform-disable-{Guid.NewGuid():N}");

    [TearDown]
    public void RemoveFolder()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Test]
    public async Task A_user_disabled_by_the_cli_is_refused_on_their_next_call()
    {
        await using var runtime = await RuntimeProcess.StartAsync(_root);
        using var admin = await runtime.SignInAsync();
        var created = await RuntimeProcess.RunVerbAsync(_root, "user", "create", "--email", "rep@example.com", "--password", "rep password", "--name", "Rep");
        using var rep = await runtime.SignInAsync("rep@example.com", "rep password");
        await ExpectAsync(await rep.GetAsync("/api/me"), 200);
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = runtime.Address };
        await ExpectAsync(await browser.PostAsync("/api/auth/session", Body("""{ "email": "rep@example.com", "password": "rep password" }""")), 200);
        await ExpectAsync(await browser.GetAsync("/api/me"), 200);
        var issued = await RuntimeProcess.RunVerbAsync(_root, "token", "create", "--email", "rep@example.com", "--name", "nightly export", "--read-only", "--days", "7");
        using var script = new HttpClient { BaseAddress = runtime.Address };
        script.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", issued.Output.Trim());
        await ExpectAsync(await script.GetAsync("/api/me"), 200);
        var badDays = await RuntimeProcess.RunVerbAsync(_root, "token", "create", "--email", "rep@example.com", "--name", "forever", "--days", "1000");
        await ExpectAsync(await admin.PostAsync("/api/apps", Body("""{ "key": "crm", "name": "CRM" }""")), 201);
        await ExpectAsync(await admin.PutAsync("/api/apps/crm/forms/lead", Body("""{ "key": "lead", "fields": [ { "key": "name", "type": "text" } ] }""")), 200);
        var me = await ExpectAsync(await rep.GetAsync("/api/me"), 200);
        await ExpectAsync(await admin.PostAsync("/api/apps/crm/roles", Body("""{ "key": "sales", "name": "Sales" }""")), 201);
        await ExpectAsync(await admin.PutAsync($"/api/apps/crm/roles/sales/members/{me["user"]!["id"]}", null), 204);
        await ExpectAsync(await admin.PutAsync("/api/apps/crm/forms/lead/permissions/sales", Body("""{ "actions": ["read", "create"] }""")), 200);
        await ExpectAsync(await rep.PostAsync("/api/apps/crm/forms/lead/records", Body("""{ "name": "mine" }""")), 201);

        await ExpectAsync(await admin.PutAsync("/api/apps/crm/forms/lead/permissions/sales", Body("""{ "actions": ["read"] }""")), 200);
        var noLongerCreates = await ExpectAsync(await rep.PostAsync("/api/apps/crm/forms/lead/records", Body("""{ "name": "again" }""")), 403);
        var disabled = await RuntimeProcess.RunVerbAsync(_root, "user", "disable", "--email", "rep@example.com");
        var refused = await rep.GetAsync("/api/me");
        var cookieRefused = await browser.GetAsync("/api/me");
        var scriptRefused = await script.GetAsync("/api/me");
        var unknown = await RuntimeProcess.RunVerbAsync(_root, "user", "disable", "--email", "nobody@example.com");

        Assert.That(created.ExitCode, Is.Zero, created.Output);
        Assert.That(noLongerCreates["code"]!.GetValue<string>(), Is.EqualTo("access.action"), "a changed permission counts on the next call");
        Assert.That(disabled.ExitCode, Is.Zero, disabled.Output);
        Assert.That((int)refused.StatusCode, Is.EqualTo(401), "the token the user held is refused at once");
        Assert.That((int)cookieRefused.StatusCode, Is.EqualTo(401), "and so is the web app's session cookie");
        Assert.That((int)scriptRefused.StatusCode, Is.EqualTo(401), "and the personal token made with the CLI");
        Assert.That(issued.ExitCode, Is.Zero, issued.Output);
        Assert.That(badDays.ExitCode, Is.EqualTo(1));
        Assert.That(badDays.Output, Does.Contain("expiresInDays"));
        Assert.That(unknown.ExitCode, Is.EqualTo(1));
        Assert.That(unknown.Output, Does.Contain("was not found"));
    }
}
