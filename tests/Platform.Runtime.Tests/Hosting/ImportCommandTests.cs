using Microsoft.Data.Sqlite;
using static Platform.Runtime.Tests.Support.ApiFixture;

namespace Platform.Runtime.Tests.Hosting;

/// <summary>The <c>import</c> verb, beside a running server: the same import as the API, a progress bar, the error report written where asked.</summary>
public sealed class ImportCommandTests
{
    private string _data = null!;

    [SetUp]
    public void CreateFolder() => _data = Path.Combine(Path.GetTempPath(), $"platform-import-cli-{Guid.NewGuid():N}");

    [TearDown]
    public void RemoveFolder()
    {
        SqliteConnection.ClearAllPools();
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Passed) Directory.Delete(_data, recursive: true);
    }

    [Test]
    public async Task The_import_verb_imports_a_file_with_a_progress_bar_and_writes_the_error_report()
    {
        await using var runtime = await RuntimeProcess.StartAsync(_data);
        using var client = await runtime.SignInAsync();
        await ExpectAsync(await client.PostAsync("/api/apps", Body("""{ "key": "crm", "name": "CRM" }""")), 201);
        await ExpectAsync(await client.PutAsync("/api/apps/crm/forms/lead", Body("""
            { "key": "lead", "fields": [ { "key": "name", "type": "text", "label": { "zh-CN": "名称" } }, { "key": "amount", "type": "money", "label": { "zh-CN": "金额" } } ] }
            """)), 200);
        var file = Path.Combine(_data, "线索.csv");
        await File.WriteAllTextAsync(file, "名称,金额\n华为,1000\n腾讯,很多\n阿里,\"2,000\"\n");
        var report = Path.Combine(_data, "errors.xlsx");

        var (exitCode, output) = await RuntimeProcess.RunVerbAsync(_data, "import", "crm", "lead", file, "--errors", report);

        Assert.That(exitCode, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain("100%").And.Contain("done: 2 created, 0 updated, 1 failed of 3 rows read."));
        Assert.That(File.Exists(report));
        var query = await ExpectAsync(await client.PostAsync("/api/apps/crm/forms/lead/records/query", Body("""{ "count": true }""")), 200);
        Assert.That(query["total"]!.GetValue<long>(), Is.EqualTo(2), "the running server sees them");
        var (refused, why) = await RuntimeProcess.RunVerbAsync(_data, "import", "crm", "lead", file, "--mode", "merge");
        Assert.That((refused, why), Is.EqualTo((1, "mode: 'merge' is not a mode: use insert, upsert or update.\n")));
    }
}
