using System.Diagnostics;
using System.Net;
using static Platform.Runtime.Tests.Support.ApiFixture;

namespace Platform.Runtime.Tests.Cluster;

/// <summary>
/// Two nodes on one PostgreSQL behind the shipped sticky proxy (<c>runtime/Platform.Proxy</c>, YARP), as the README's
/// deployment guide sets them up: new visitors spread over the nodes, a browser stays on its node, and when that node is
/// killed the proxy moves it to the other, still signed in. The client's address reaches the node through the proxy.
/// </summary>
[NonParallelizable]
public sealed class ProxyTests : ClusterTest
{
    [Test]
    public async Task A_browser_stays_on_its_node_and_keeps_its_session_when_that_node_dies()
    {
        var started = await Task.WhenAll(NodeAsync("a"), NodeAsync("b"));
        await using var a = started[0];
        await using var b = started[1];
        var nodes = new Dictionary<string, RuntimeProcess> { ["a"] = a, ["b"] = b };
        await using var proxy = await ProxyProcess.StartAsync(Root, a.Address, b.Address);

        // New visitors (no cookies yet) are spread over both nodes.
        var seen = new HashSet<string>();
        for (var i = 0; i < 4; i++)
        {
            using var visitor = new HttpClient { BaseAddress = proxy.Address };
            seen.Add(await NodeOfAsync(visitor));
        }
        Assert.That(seen, Is.EquivalentTo(new[] { "a", "b" }), "round-robin over the nodes");

        // A browser signed in through the proxy: the proxy's cookie keeps every request on one node.
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = proxy.Address };
        var session = await ExpectAsync(await browser.PostAsync("/api/auth/session",
            Body($$"""{ "email": "{{RuntimeProcess.AdminEmail}}", "password": "{{RuntimeProcess.AdminPassword}}" }""")), 200);
        Assert.That(cookies.GetCookies(proxy.Address)[".Platform.Node"], Is.Not.Null, "the proxy's affinity cookie");
        var home = await NodeOfAsync(browser);
        for (var i = 0; i < 10; i++) Assert.That(await NodeOfAsync(browser), Is.EqualTo(home), "sticky");

        // Its node dies without a word (SIGKILL): the proxy finds it unready within seconds and sends the browser to the
        // other node, where the same session cookie and anti-forgery token are good (the keys are in the database).
        await nodes[home].KillAsync();
        var clock = Stopwatch.StartNew();
        HttpResponseMessage me;
        while (!(me = await browser.GetAsync("/api/me")).IsSuccessStatusCode && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            Assert.That(me.StatusCode, Is.Not.EqualTo(HttpStatusCode.Unauthorized), "never signed out");
            await Task.Delay(200);
        }
        await ExpectAsync(me, 200);
        TestContext.Progress.WriteLine($"the browser was moved to the other node {clock.Elapsed.TotalSeconds:0.0} s after its node died");
        var other = await NodeOfAsync(browser);
        Assert.That(other, Is.Not.EqualTo(home));
        using var change = new HttpRequestMessage(HttpMethod.Post, "/api/me/notifications/read");
        change.Headers.Add("X-XSRF-TOKEN", session["antiforgery"]!.GetValue<string>());
        Assert.That((await browser.SendAsync(change)).IsSuccessStatusCode, Is.True, "the token made on the dead node is taken");

        // The client's address: the proxy writes X-Forwarded-For itself (a client's own is not passed on), and a node
        // believes it from the loopback — so sign-in limits and the audit log see clients, not the proxy.
        var survivor = nodes[other];
        using (var direct = new HttpRequestMessage(HttpMethod.Post, new Uri(survivor.Address, "/api/auth/token")))
        {
            direct.Content = Body($$"""{ "email": "{{RuntimeProcess.AdminEmail}}", "password": "wrong" }""");
            direct.Headers.Add("X-Forwarded-For", "203.0.113.7");
            using var local = new HttpClient();
            await ExpectAsync(await local.SendAsync(direct), 401);
        }
        using (var spoofed = new HttpRequestMessage(HttpMethod.Post, "/api/auth/token"))
        {
            spoofed.Content = Body($$"""{ "email": "{{RuntimeProcess.AdminEmail}}", "password": "wrong" }""");
            spoofed.Headers.Add("X-Forwarded-For", "198.51.100.9");
            using var visitor = new HttpClient { BaseAddress = proxy.Address };
            await ExpectAsync(await visitor.SendAsync(spoofed), 401);
        }
        using var admin = await survivor.SignInAsync();
        var failures = (await ExpectAsync(await admin.GetAsync("/api/audit?action=signInFailed"), 200)).AsArray()
            .Select(e => e!["address"]?.GetValue<string>()).ToList();
        Assert.That(failures, Is.EqualTo(new[] { "127.0.0.1", "203.0.113.7" }), "newest first: through the proxy, then the forwarded one");
    }

    private static async Task<string> NodeOfAsync(HttpClient client) =>
        (await ExpectAsync(await client.GetAsync("/health/live"), 200))["node"]!.GetValue<string>();
}
