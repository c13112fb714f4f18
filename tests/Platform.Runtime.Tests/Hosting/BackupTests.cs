using Dapper;
using Microsoft.Data.Sqlite;
using static Platform.Runtime.Tests.Support.ApiFixture;

namespace Platform.Runtime.Tests.Hosting;

/// <summary>
/// The <c>backup</c> verb copies the embedded database while the server runs and writes; the copy, put in
/// place of <c>platform.db</c> on another machine, serves every record written before the backup began.
/// </summary>
public sealed class BackupTests
{
    private string _root = null!;

    [SetUp]
    public void CreateFolder() => _root = Path.Combine(Path.GetTempPath(), $"platform-backup-{Guid.NewGuid():N}");

    [TearDown]
    public void RemoveFolder()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Test]
    public async Task A_backup_taken_under_load_restores_every_record_written_before_it()
    {
        var live = Path.Combine(_root, "live");
        var copy = Path.Combine(_root, "platform-backup.db");
        string[] before, acknowledged;
        (int ExitCode, string Output) backup, again;
        await using (var runtime = await RuntimeProcess.StartAsync(live))
        {
            using var client = await runtime.SignInAsync();
            await using var burst = await WriteBurst.StartAsync(client, writers: 8);
            await burst.WaitForAsync(200);
            before = [.. burst.Acknowledged];
            backup = await RuntimeProcess.RunVerbAsync(live, "backup", copy);
            again = await RuntimeProcess.RunVerbAsync(live, "backup", copy);
            await burst.DisposeAsync();
            acknowledged = [.. burst.Acknowledged];
        }

        Assert.That(backup.ExitCode, Is.Zero, backup.Output);
        Assert.That(again.ExitCode, Is.EqualTo(1), "an existing file is never overwritten");
        Assert.That(again.Output, Does.Contain("exists"));
        var restored = Path.Combine(_root, "restored");
        Directory.CreateDirectory(restored);
        File.Copy(copy, Path.Combine(restored, "platform.db"));
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(restored, "platform.db")};Pooling=false"))
        {
            await connection.OpenAsync();
            Assert.That(await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check"), Is.EqualTo("ok"));
        }
        await using (var runtime = await RuntimeProcess.StartAsync(restored))
        {
            using var client = await runtime.SignInAsync();
            var codes = new HashSet<string>();
            string? after = null;
            do
            {
                var page = await ExpectAsync(await client.PostAsync("/api/apps/crm/forms/item/records/query",
                    Body(after is null ? """{ "page": { "size": 1000 } }""" : $$"""{ "page": { "size": 1000, "after": "{{after}}" } }""")), 200);
                foreach (var item in page["items"]!.AsArray()) codes.Add(item!["code"]!.GetValue<string>());
                after = page["next"]?.GetValue<string>();
            }
            while (after is not null);

            Assert.That(before.Except(codes), Is.Empty, "every record acknowledged before the backup began is in it");
            Assert.That(codes, Has.Count.LessThanOrEqualTo(acknowledged.Length));
            await ExpectAsync(await client.PostAsync("/api/apps/crm/forms/item/records", Body("""{ "code": "after restore" }""")), 201);
        }
    }
}
