using System.Diagnostics;
using System.Net;
using Dapper;
using Npgsql;
using static Platform.Runtime.Tests.Support.ApiFixture;

namespace Platform.Runtime.Tests.Cluster;

/// <summary>
/// Two runtime processes on one PostgreSQL, as nodes behind a load balancer: started at the same moment, they migrate and
/// install the CRM once; a session cookie and its anti-forgery token made by one are taken by the other; a form published
/// on one is served by the other within a second.
/// </summary>
[NonParallelizable]
public sealed class TwoNodeTests : ClusterTest
{
    [Test]
    public async Task Two_nodes_started_together_share_one_database_its_sessions_and_its_forms()
    {
        string[] crm = ["--Platform:FirstStartTemplates", "crm-lifecycle"];
        var started = await Task.WhenAll(NodeAsync("a", crm), NodeAsync("b", crm));
        await using var a = started[0];
        await using var b = started[1];

        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            var versions = (await connection.QueryAsync<int>("SELECT version FROM pf_schema_versions")).ToList();
            Assert.That(versions, Has.Count.EqualTo(versions.Distinct().Count()), "each migration ran once");
            Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pf_apps WHERE app_key = 'crm'"), Is.EqualTo(1), "the CRM installed once");
            Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pf_users"), Is.EqualTo(1), "one first admin");
        }

        // Signed in through A; the cookie (the same host for both) and the anti-forgery token are taken by B.
        var cookies = new CookieContainer();
        using var throughA = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = a.Address };
        using var throughB = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = b.Address };
        var session = await ExpectAsync(await throughA.PostAsync("/api/auth/session",
            Body($$"""{ "email": "{{RuntimeProcess.AdminEmail}}", "password": "{{RuntimeProcess.AdminPassword}}" }""")), 200);
        await ExpectAsync(await throughB.GetAsync("/api/me"), 200);
        using var change = new HttpRequestMessage(HttpMethod.Post, "/api/me/notifications/read");
        change.Headers.Add("X-XSRF-TOKEN", session["antiforgery"]!.GetValue<string>());
        Assert.That((await throughB.SendAsync(change)).IsSuccessStatusCode, Is.True, "B takes the anti-forgery token A made");

        // A form changed on A: B serves the new version within a second (its models are read again at most a second old).
        using var adminA = await a.SignInAsync();
        using var adminB = await b.SignInAsync();
        await ExpectAsync(await adminA.PostAsync("/api/apps", Body("""{ "key": "ops", "name": "Ops" }""")), 201);
        await ExpectAsync(await adminA.PutAsync("/api/apps/ops/forms/job", Body("""{ "key": "job", "fields": [ { "key": "title", "type": "text" } ] }""")), 200);
        await ExpectAsync(await adminB.PostAsync("/api/apps/ops/forms/job/records", Body("""{ "title": "first" }""")), 201);
        await ExpectAsync(await adminA.PutAsync("/api/apps/ops/forms/job",
            Body("""{ "key": "job", "fields": [ { "key": "title", "type": "text" }, { "key": "hours", "type": "number" } ] }""")), 200);
        var clock = Stopwatch.StartNew();
        HttpResponseMessage created;
        while (!(created = await adminB.PostAsync("/api/apps/ops/forms/job/records", Body("""{ "title": "second", "hours": 3 }"""))).IsSuccessStatusCode
               && clock.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(50);
        var record = await ExpectAsync(created, 201);
        Assert.That(record["hours"]!.GetValue<decimal>(), Is.EqualTo(3m));
        // A second for the cache, plus the calls themselves on a busy two-core machine.
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)), "served by B within about a second");
    }
}
