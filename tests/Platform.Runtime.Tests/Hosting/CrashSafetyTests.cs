using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Data.Sqlite;
using Platform.Engine.Storage.Forms;

namespace Platform.Runtime.Tests.Hosting;

/// <summary>
/// A runtime killed (SIGKILL) in the middle of a burst of grouped writes loses no write it acknowledged
/// and leaves no half-written one: every stored record has its history entry and its event, and the
/// database opens again intact.
/// </summary>
public sealed class CrashSafetyTests
{
    private string _data = null!;

    [SetUp]
    public void CreateFolder() => _data = Path.Combine(Path.GetTempPath(), $"platform-crash-{Guid.NewGuid():N}");

    [TearDown]
    public void RemoveFolder()
    {
        SqliteConnection.ClearAllPools();
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Passed) Directory.Delete(_data, recursive: true);
        else TestContext.Out.WriteLine($"Kept {_data} for a look");
    }

    [Test]
    public async Task Killing_the_process_mid_burst_loses_no_acknowledged_write_and_leaves_none_half_written()
    {
        var acknowledged = new ConcurrentBag<string>();
        await using (var runtime = await RuntimeProcess.StartAsync(_data))
        {
            using var client = await runtime.SignInAsync();
            await ExpectAsync(await client.PostAsync("/api/apps", Body("""{ "key": "crm", "name": "CRM" }""")), 201);
            await ExpectAsync(await client.PutAsync("/api/apps/crm/forms/item", Body("""
                { "key": "item", "name": "Item", "fields": [ { "key": "code", "type": "text", "unique": true }, { "key": "n", "type": "number" } ] }
                """)), 200);

            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var code = $"w{w}-{i}";
                    try
                    {
                        var response = await client.PostAsync("/api/apps/crm/forms/item/records", Body($$"""{ "code": "{{code}}", "n": {{i}} }"""));
                        if ((int)response.StatusCode == 201) acknowledged.Add(code);
                    }
                    catch (HttpRequestException)
                    {
                        return; // the server is gone
                    }
                }
            })).ToList();
            while (acknowledged.Count < 300) await Task.Delay(5);
            await runtime.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "platform.db")}"))
        {
            await connection.OpenAsync();
            Assert.That(await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check"), Is.EqualTo("ok"));
            var (formId, json) = await connection.QuerySingleAsync<(long, string)>("SELECT id, storage FROM pf_forms WHERE form_key = 'item'");
            var storage = FormStorage.FromJson(json);
            var stored = (await connection.QueryAsync<string>($"SELECT \"{storage.Active("code")!.Column}\" FROM \"{storage.Table}\"")).ToHashSet();
            Assert.That(acknowledged.Except(stored), Is.Empty, "every acknowledged write is stored");
            Assert.That(stored, Has.Count.GreaterThanOrEqualTo(acknowledged.Count));
            var args = new { formId };
            Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pf_history WHERE form_id = @formId", args), Is.EqualTo(stored.Count),
                "one history entry per stored record");
            Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pf_outbox WHERE form_id = @formId", args), Is.EqualTo(stored.Count),
                "one event per stored record");
            Assert.That(await connection.ExecuteScalarAsync<long>(
                $"SELECT COUNT(*) FROM \"{storage.Table}\" t WHERE NOT EXISTS (SELECT 1 FROM pf_history h WHERE h.form_id = @formId AND h.record_id = t.id)", args), Is.Zero);
            TestContext.Out.WriteLine($"{acknowledged.Count} acknowledged, {stored.Count} stored when killed");
        }

        await using (var again = await RuntimeProcess.StartAsync(_data))
        {
            using var client = await again.SignInAsync();
            var page = await ExpectAsync(await client.PostAsync("/api/apps/crm/forms/item/records/query", Body("""{ "count": true, "page": { "size": 1 } }""")), 200);
            Assert.That(page["total"]!.GetValue<long>(), Is.GreaterThanOrEqualTo(acknowledged.Count));
        }
    }

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonNode> ExpectAsync(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(status), text);
        return JsonNode.Parse(text)!;
    }
}
