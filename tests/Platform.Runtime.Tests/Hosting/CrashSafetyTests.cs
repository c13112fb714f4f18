using Dapper;
using Microsoft.Data.Sqlite;
using Platform.Engine.Storage.Forms;
using static Platform.Runtime.Tests.Support.ApiFixture;

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
        string[] acknowledged;
        await using (var runtime = await RuntimeProcess.StartAsync(_data, "--Platform:RequestsPerSecondPerToken", "0"))
        {
            using var client = await runtime.SignInAsync();
            await using var burst = await WriteBurst.StartAsync(client, writers: 16, uniqueCode: true);
            await burst.WaitForAsync(300);
            await runtime.KillAsync();
            await burst.DisposeAsync();
            acknowledged = [.. burst.Acknowledged];
        }

        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "platform.db")}"))
        {
            await connection.OpenAsync();
            Assert.That(await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check"), Is.EqualTo("ok"));
            var (formId, json) = await connection.QuerySingleAsync<(long, string)>("SELECT id, storage FROM pf_forms WHERE form_key = 'item'");
            var storage = FormStorage.FromJson(json);
            var stored = (await connection.QueryAsync<string>($"SELECT \"{storage.Active("code")!.Column}\" FROM \"{storage.Table}\"")).ToHashSet();
            Assert.That(acknowledged.Except(stored), Is.Empty, "every acknowledged write is stored");
            Assert.That(stored, Has.Count.GreaterThanOrEqualTo(acknowledged.Length));
            var args = new { formId };
            Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pf_history WHERE form_id = @formId", args), Is.EqualTo(stored.Count),
                "one history entry per stored record");
            Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pf_outbox WHERE form_id = @formId", args), Is.EqualTo(stored.Count),
                "one event per stored record");
            Assert.That(await connection.ExecuteScalarAsync<long>(
                $"SELECT COUNT(*) FROM \"{storage.Table}\" t WHERE NOT EXISTS (SELECT 1 FROM pf_history h WHERE h.form_id = @formId AND h.record_id = t.id)", args), Is.Zero);
            TestContext.Out.WriteLine($"{acknowledged.Length} acknowledged, {stored.Count} stored when killed");
        }

        await using (var again = await RuntimeProcess.StartAsync(_data))
        {
            using var client = await again.SignInAsync();
            var page = await ExpectAsync(await client.PostAsync("/api/apps/crm/forms/item/records/query", Body("""{ "count": true, "page": { "size": 1 } }""")), 200);
            Assert.That(page["total"]!.GetValue<long>(), Is.GreaterThanOrEqualTo(acknowledged.Length));
        }
    }
}
