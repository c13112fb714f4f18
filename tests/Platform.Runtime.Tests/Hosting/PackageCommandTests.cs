using Microsoft.Data.Sqlite;
using static Platform.Runtime.Tests.Support.ApiFixture;

namespace Platform.Runtime.Tests.Hosting;

/// <summary>The <c>package</c> verbs beside a running server: an app written to a file, checked, and installed under another key.</summary>
public sealed class PackageCommandTests
{
    private string _data = null!;

    [SetUp]
    public void CreateFolder() => _data = Path.Combine(Path.GetTempPath(), $"platform-package-cli-{Guid.NewGuid():N}");

    [TearDown]
    public void RemoveFolder()
    {
        SqliteConnection.ClearAllPools();
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Passed) Directory.Delete(_data, recursive: true);
    }

    [Test]
    public async Task An_app_is_exported_to_a_file_and_installed_again_under_another_key()
    {
        await using var runtime = await RuntimeProcess.StartAsync(_data);
        using var client = await runtime.SignInAsync();
        await ExpectAsync(await client.PostAsync("/api/apps", Body("""{ "key": "crm", "name": "CRM" }""")), 201);
        await ExpectAsync(await client.PutAsync("/api/apps/crm/forms/lead", Body("""{ "key": "lead", "fields": [ { "key": "name", "type": "text" } ] }""")), 200);
        var file = Path.Combine(_data, "crm.json");

        var exported = await RuntimeProcess.RunVerbAsync(_data, "package", "export", "crm", file);
        var dry = await RuntimeProcess.RunVerbAsync(_data, "package", "import", file, "--app", "crm2", "--dry-run");
        var installed = await RuntimeProcess.RunVerbAsync(_data, "package", "import", file, "--app", "crm2");
        var again = await RuntimeProcess.RunVerbAsync(_data, "package", "import", file, "--app", "crm2");

        Assert.That(exported, Is.EqualTo((0, $"Wrote crm 1.0.0 to {file}.\n")));
        Assert.That(dry.ExitCode, Is.Zero, dry.Output);
        Assert.That(dry.Output, Does.Contain("add      forms       lead").And.Contain("Dry run: nothing changed."));
        Assert.That(installed.Output, Does.Contain("Installed crm 1.0.0 as 'crm2'"));
        Assert.That(again.Output, Does.Contain("Installed crm 1.0.0 as 'crm2'"), "the same package again: an upgrade with nothing to change");
        await ExpectAsync(await client.GetAsync("/api/apps/crm2/forms/lead"), 200);
    }
}
