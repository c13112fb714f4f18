using System.Net.Http.Headers;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using Platform.Engine.Storage.Forms;
using static Platform.Runtime.Tests.Support.ApiFixture;

namespace Platform.Runtime.Tests.Hosting;

/// <summary>
/// A runtime killed (SIGKILL) in the middle of a 200,000-row import, then started again: the job is taken up after its
/// lease and goes on after the last batch it committed, so every row is stored exactly once, each with its history.
/// </summary>
public sealed class ImportCrashTests
{
    private const int Rows = 200_000;
    private string _data = null!;

    [SetUp]
    public void CreateFolder() => _data = Path.Combine(Path.GetTempPath(), $"platform-import-crash-{Guid.NewGuid():N}");

    [TearDown]
    public void RemoveFolder()
    {
        SqliteConnection.ClearAllPools();
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Passed) Directory.Delete(_data, recursive: true);
        else TestContext.Out.WriteLine($"Kept {_data} for a look");
    }

    private static byte[] Csv()
    {
        var text = new StringBuilder("编号,客户名称,金额\n", Rows * 30);
        for (var i = 0; i < Rows; i++) text.Append("C").Append(i.ToString("000000")).Append(",客户").Append(i).Append(',').Append(i % 1000).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    [Test]
    public async Task An_import_killed_half_way_resumes_and_stores_every_row_exactly_once()
    {
        string url;
        long writtenWhenKilled;
        string[] settings = ["--Platform:Jobs:Lease", "00:00:03", "--Platform:RequestsPerSecondPerToken", "0"];
        await using (var runtime = await RuntimeProcess.StartAsync(_data, settings))
        {
            using var client = await runtime.SignInAsync();
            await ExpectAsync(await client.PostAsync("/api/apps", Body("""{ "key": "crm", "name": "CRM" }""")), 201);
            await ExpectAsync(await client.PutAsync("/api/apps/crm/forms/customer", Body("""
                { "key": "customer", "fields": [ { "key": "code", "type": "text", "unique": true, "label": { "zh-CN": "编号" } },
                  { "key": "name", "type": "text", "label": { "zh-CN": "客户名称" } }, { "key": "amount", "type": "money", "label": { "zh-CN": "金额" } } ] }
                """)), 200);
            using var upload = new MultipartFormDataContent();
            var file = new ByteArrayContent(Csv());
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            upload.Add(file, "file", "customers.csv");
            var accepted = await client.PostAsync("/api/apps/crm/forms/customer/imports", upload);
            await ExpectAsync(accepted, 202);
            url = accepted.Headers.Location!.ToString();
            do
            {
                await Task.Delay(100);
                writtenWhenKilled = (await ExpectAsync(await client.GetAsync(url), 200))["created"]!.GetValue<long>();
            }
            while (writtenWhenKilled < Rows / 5);
            await runtime.KillAsync();
        }
        Assert.That(writtenWhenKilled, Is.LessThan(Rows), "killed half-way");

        await using (var again = await RuntimeProcess.StartAsync(_data, settings))
        {
            using var client = await again.SignInAsync();
            var deadline = DateTime.UtcNow.AddMinutes(4);
            System.Text.Json.Nodes.JsonNode import;
            do
            {
                await Task.Delay(250);
                import = await ExpectAsync(await client.GetAsync(url), 200);
            }
            while (import["status"]!.GetValue<string>() is "running" or "queued" && DateTime.UtcNow < deadline);
            Assert.That((import["status"]!.GetValue<string>(), import["created"]!.GetValue<long>(), import["failed"]!.GetValue<long>(), import["read"]!.GetValue<long>()),
                Is.EqualTo(("done", (long)Rows, 0L, (long)Rows)), import.ToJsonString());
            TestContext.Out.WriteLine($"killed at {writtenWhenKilled:N0} rows written; resumed and finished");
        }

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "platform.db")}");
        await connection.OpenAsync();
        var (formId, json) = await connection.QuerySingleAsync<(long, string)>("SELECT id, storage FROM pf_forms WHERE form_key = 'customer'");
        var storage = FormStorage.FromJson(json);
        var code = storage.Active("code")!.Column;
        Assert.That(await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM \"{storage.Table}\""), Is.EqualTo(Rows), "every row once");
        Assert.That(await connection.ExecuteScalarAsync<long>($"SELECT COUNT(DISTINCT \"{code}\") FROM \"{storage.Table}\""), Is.EqualTo(Rows), "no row twice");
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pf_history WHERE form_id = @formId", new { formId }), Is.EqualTo(Rows),
            "each with its history entry");
    }
}
