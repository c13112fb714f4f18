using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using static Platform.Runtime.Tests.Support.ApiFixture;

namespace Platform.Runtime.Tests.Hosting;

/// <summary>
/// Workflows in real processes that stop, are killed and share a database: every reminder that fell due while the
/// runtime was down fires once, a kill in the middle repeats no notification and no record, two runtimes on one
/// PostgreSQL fire each reminder once between them, and when one of them is killed mid-way the other fires the rest. The processes start "later" with a clock offset; nothing waits for real time.
/// </summary>
public sealed class WorkflowFaultTests
{
    private const int Reminders = 1000;
    private string _data = null!;

    [SetUp]
    public void CreateFolder() => _data = Path.Combine(Path.GetTempPath(), $"platform-wf-{Guid.NewGuid():N}");

    [TearDown]
    public void RemoveFolder()
    {
        SqliteConnection.ClearAllPools();
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Passed && Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
        else TestContext.Out.WriteLine($"Kept {_data} for a look");
    }

    [Test]
    public async Task Reminders_due_while_the_runtime_was_down_fire_once_each_even_when_it_is_killed_while_firing_them()
    {
        await using (var runtime = await RuntimeProcess.StartAsync(_data, "--Platform:RequestsPerSecondPerToken", "0"))
        {
            using var client = await runtime.SignInAsync();
            await SetUpAsync(client, Reminders, DateTime.UtcNow.AddHours(1));
            await runtime.KillAsync();
        }

        // Up two hours later: killed once some reminders went out, then up again.
        string[] later = ["--Platform:RequestsPerSecondPerToken", "0", "--Platform:ClockOffset", "02:00:00"];
        await using (var runtime = await RuntimeProcess.StartAsync(_data, later))
        {
            using var client = await runtime.SignInAsync();
            await UntilAsync(async () => await UnreadAsync(client) >= 50, "some reminders went out");
            await runtime.KillAsync();
        }
        await using (var runtime = await RuntimeProcess.StartAsync(_data, later))
        {
            using var client = await runtime.SignInAsync();
            await UntilAsync(async () => await UnreadAsync(client) >= Reminders && await LoggedAsync(client) >= Reminders, "every reminder went out");
        }

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "platform.db")}");
        await connection.OpenAsync();
        await AssertOnceEachAsync(connection, Reminders);
    }

    [Test]
    public Task Two_runtimes_on_one_postgresql_fire_each_reminder_once() => OnPostgresTwoHoursLaterAsync(300, async later =>
    {
        // Both up at once: they race for the same due reminders.
        var nodes = await Task.WhenAll(new[] { "a", "b" }.Select(node => RuntimeProcess.StartAsync(Path.Combine(_data, node), later)));
        try
        {
            using var client = await nodes[0].SignInAsync();
            await UntilAsync(async () => await UnreadAsync(client) >= 300 && await LoggedAsync(client) >= 300, "every reminder went out");
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    });

    [Test]
    public Task A_node_killed_while_firing_reminders_leaves_the_other_to_fire_the_rest_once_each() => OnPostgresTwoHoursLaterAsync(600, async later =>
    {
        // Both up; A is killed (SIGKILL) once reminders are going out, its claimed runs left half done for B after the lease.
        var nodes = await Task.WhenAll(new[] { "a", "b" }.Select(node => RuntimeProcess.StartAsync(Path.Combine(_data, node), [.. later, "--Platform:WorkflowLease", "00:00:10"])));
        await using var a = nodes[0];
        await using var b = nodes[1];
        using (var throughA = await a.SignInAsync())
            await UntilAsync(async () => await UnreadAsync(throughA) >= 50, "reminders going out");
        await a.KillAsync();
        using (var throughB = await b.SignInAsync())
            await UntilAsync(async () => await UnreadAsync(throughB) >= 600 && await LoggedAsync(throughB) >= 600, "B fired the rest");
    });

    /// <summary>
    /// On a fresh PostgreSQL, <paramref name="count"/> reminders set up through a node that is then killed; <paramref name="later"/>
    /// runs with the settings of a node started two hours later; then each reminder must have gone out once.
    /// </summary>
    private async Task OnPostgresTwoHoursLaterAsync(int count, Func<string[], Task> later)
    {
        var target = new PostgresTestDatabase();
        if (target.Unavailable is { } reason) Assert.Ignore(reason);
        await using var database = await target.CreateAsync();
        try
        {
            string[] Settings(string offset) => ["--Platform:RequestsPerSecondPerToken", "0", .. RuntimeProcess.OnPostgres(database.ConnectionString),
                "--Platform:ClockOffset", offset];
            await using (var first = await RuntimeProcess.StartAsync(Path.Combine(_data, "a"), Settings("00:00:00")))
            {
                using var client = await first.SignInAsync();
                await SetUpAsync(client, count, DateTime.UtcNow.AddHours(1));
                await first.KillAsync();
            }
            await later(Settings("02:00:00"));
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await AssertOnceEachAsync(connection, count);
        }
        finally
        {
            await target.DropAsync();
        }
    }

    /// <summary>An app whose contracts each remind their owner at a time, and log that they did; then the contracts.</summary>
    private static async Task SetUpAsync(HttpClient client, int count, DateTime remindAt)
    {
        await ExpectAsync(await client.PostAsync("/api/apps", Body("""{ "key": "crm", "name": "CRM" }""")), 201);
        await ExpectAsync(await client.PutAsync("/api/apps/crm/forms/contract", Body("""
            { "key": "contract", "fields": [ { "key": "name", "type": "text", "required": true }, { "key": "remind", "type": "datetime" } ] }
            """)), 200);
        await ExpectAsync(await client.PutAsync("/api/apps/crm/forms/log", Body("""
            { "key": "log", "fields": [ { "key": "title", "type": "text" }, { "key": "contract", "type": "number" } ] }
            """)), 200);
        await ExpectAsync(await client.PutAsync("/api/apps/crm/workflows/remind", Body("""
            { "key": "remind", "form": "contract", "trigger": { "type": "date", "field": "remind" },
              "steps": [
                { "id": "tell", "type": "notify", "to": [ { "field": "owner" } ], "title": "'Remind ' & name" },
                { "id": "log", "type": "createRecord", "form": "log", "values": { "title": "'Reminded ' & name", "contract": "id" } } ] }
            """)), 200);
        await ExpectAsync(await client.PostAsync("/api/apps/crm/workflows/remind/enable", null), 200);
        var at = remindAt.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        for (var start = 0; start < count; start += 1000)
        {
            var batch = new JsonArray([.. Enumerable.Range(start, Math.Min(1000, count - start)).Select(i => (JsonNode)new JsonObject { ["name"] = $"c{i}", ["remind"] = at })]);
            await ExpectAsync(await client.PostAsync("/api/apps/crm/forms/contract/records/batch", Body(batch.ToJsonString())), 201);
        }
    }

    private static async Task<long> UnreadAsync(HttpClient client) =>
        (await ExpectAsync(await client.GetAsync("/api/me/notifications?limit=1"), 200))["unread"]!.GetValue<long>();

    private static async Task<long> LoggedAsync(HttpClient client) =>
        (await ExpectAsync(await client.PostAsync("/api/apps/crm/forms/log/records/query", Body("""{ "count": true, "page": { "size": 1 } }""")), 200))["total"]!
            .GetValue<long>();

    private static async Task UntilAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Not within 3 minutes: {what}.");
            await Task.Delay(200);
        }
    }

    private static async Task AssertOnceEachAsync(System.Data.Common.DbConnection connection, int count)
    {
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pf_notifications"), Is.EqualTo(count), "one notification per reminder");
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT title) FROM pf_notifications"), Is.EqualTo(count));
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pf_workflow_runs"), Is.EqualTo(count), "one run per reminder");
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT record_id) FROM pf_workflow_runs"), Is.EqualTo(count));
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pf_workflow_runs WHERE status <> 'completed'"), Is.Zero);
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pf_timers"), Is.Zero);
        var storage = Platform.Engine.Storage.Forms.FormStorage.FromJson(await connection.QuerySingleAsync<string>("SELECT storage FROM pf_forms WHERE form_key = 'log'"));
        Assert.That(await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {storage.Table}"), Is.EqualTo(count), "one log record per reminder");
        Assert.That(await connection.ExecuteScalarAsync<long>($"SELECT COUNT(DISTINCT {storage.Active("contract")!.Column}) FROM {storage.Table}"), Is.EqualTo(count));
    }
}
