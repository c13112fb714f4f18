using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Platform.Runtime.Tests.Hosting;

/// <summary>
/// The <c>sample</c> verb: a fresh database's first use opens on the CRM, which takes believable records whose stages were
/// walked through the gates; the same seed gives the same records; bad requests are refused with a message and exit code 1.
/// </summary>
public sealed class SampleCommandTests
{
    private readonly List<string> _folders = [];

    private string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"platform-sample-{Guid.NewGuid():N}");
        _folders.Add(folder);
        return folder;
    }

    [TearDown]
    public void RemoveFolders()
    {
        SqliteConnection.ClearAllPools();
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Passed)
            foreach (var folder in _folders.Where(Directory.Exists)) Directory.Delete(folder, recursive: true);
    }

    [Test]
    public async Task The_crm_takes_sample_records_walked_through_its_stages_and_the_same_seed_gives_the_same_ones()
    {
        var loads = new List<(string Folder, (int ExitCode, string Output) Run)>();
        foreach (var folder in new[] { NewFolder(), NewFolder() })
        {
            foreach (var (email, name) in new[] { ("li@example.com", "李雷"), ("wang@example.com", "王芳") })
                Assert.That((await RuntimeProcess.RunVerbAsync(folder, "user", "create", "--email", email, "--password", "long enough 1", "--name", name)).ExitCode, Is.Zero);
            loads.Add((folder, await RuntimeProcess.RunVerbAsync(folder, "sample", "crm", "--records", "40", "--seed", "3", "--Platform:FirstStartTemplates=crm-lifecycle")));
        }
        var (first, run) = loads[0];
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Output, Does.Contain("installed the crm-lifecycle template").And.Contain("opportunity").And.Contain("Loaded"));

        var customers = await RowsAsync(first, "customer", "name", "stage");
        Assert.That(customers, Has.Count.InRange(38, 40), "a name the duplicate check refuses five times over is left out");
        Assert.That(customers.Select(c => c.Last()).Distinct().Count(), Is.GreaterThan(2), "a funnel, not one stage");
        Assert.That(customers.Select(c => c[0]), Has.All.Match("(有限公司|有限责任公司)$"), "Chinese companies");
        var deals = await RowsAsync(first, "opportunity", "stage");
        Assert.That(deals.Select(d => d[0]).Distinct(), Has.Member("proposal").Or.Member("negotiation"), "deals moved on through the gates");
        await using (var db = new SqliteConnection($"Data Source={Path.Combine(first, "platform.db")}"))
            Assert.That(await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pf_stage_history"), Is.GreaterThan(customers.Count + deals.Count), "each move kept");
        Assert.That(await RowsAsync(loads[1].Folder, "customer", "name", "stage"), Is.EqualTo(customers), "the same seed, the same records");
    }

    [TestCase("crm", "--records", "0", "Between 1 and")]
    [TestCase("crm", "--locale", "fr", "zh_CN or en")]
    [TestCase("crm", "--forms", "nosuch", "nosuch")]
    [TestCase("erp", "--records", "5", "erp")]
    public async Task A_bad_request_is_refused_with_a_message(string app, string option, string value, string message)
    {
        var folder = NewFolder();
        var run = await RuntimeProcess.RunVerbAsync(folder, "sample", app, option, value, "--Platform:FirstStartTemplates=crm-lifecycle");
        Assert.That(run.ExitCode, Is.EqualTo(1), run.Output);
        Assert.That(run.Output, Does.Contain(message));
    }

    /// <summary>The values of some fields of a form's records, in the order they were made.</summary>
    private static async Task<List<List<string?>>> RowsAsync(string folder, string form, params string[] fields)
    {
        await using var db = new SqliteConnection($"Data Source={Path.Combine(folder, "platform.db")}");
        var storage = JsonNode.Parse(await db.ExecuteScalarAsync<string>("SELECT storage FROM pf_forms WHERE form_key = @form", new { form }) ?? "{}")!;
        var columns = fields.Select(f => storage["fields"]!.AsArray().First(s => s!["key"]!.GetValue<string>() == f && s["retired"]?.GetValue<bool>() != true)!["column"]!.GetValue<string>());
        var rows = await db.QueryAsync($"SELECT {string.Join(", ", columns)} FROM {storage["table"]} ORDER BY id");
        return rows.Cast<IDictionary<string, object?>>().Select(r => r.Values.Select(v => v?.ToString()).ToList()).ToList();
    }
}
