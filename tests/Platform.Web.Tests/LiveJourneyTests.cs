using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace Platform.Web.Tests;

/// <summary>
/// Two nodes on one PostgreSQL, the browser's circuit on node B: a record created through node A shows in B's list
/// without a reload, within the second or so that B takes to notice.
/// </summary>
[NonParallelizable]
public sealed class LiveJourneyTests
{
    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task A_record_changed_through_one_node_shows_live_on_a_page_served_by_the_other(string locale)
    {
        var target = new PostgresTestDatabase();
        if (target.Unavailable is { } reason) Assert.Ignore(reason);
        var root = Path.Combine(Path.GetTempPath(), $"platform-live-{Guid.NewGuid():N}");
        await using var database = await target.CreateAsync();
        try
        {
            string[] settings = ["--Platform:Database:Provider", "postgres", "--Platform:Database:ConnectionString", database.ConnectionString,
                "--Platform:SignInsPerMinute", "1000"];
            var nodes = await Task.WhenAll(RuntimeProcess.StartAsync(Path.Combine(root, "a"), settings), RuntimeProcess.StartAsync(Path.Combine(root, "b"), settings));
            await using var a = nodes[0];
            await using var b = nodes[1];
            using var api = await a.SignInAsync();
            await Ok(await api.PostAsJsonAsync("/api/apps", new { key = "ops", name = "Ops" }));
            await Ok(await api.PutAsync("/api/apps/ops/forms/job", new StringContent("""
                { "key": "job", "name": { "en": "Jobs", "zh-CN": "工单" }, "fields": [
                  { "key": "title", "type": "text", "label": { "en": "Title", "zh-CN": "标题" } },
                  { "key": "state", "type": "select", "label": { "en": "State", "zh-CN": "状态" },
                    "options": [ { "key": "todo", "label": "To do" }, { "key": "done", "label": "Done" } ] } ] }
                """, System.Text.Encoding.UTF8, "application/json")));

            await using var journey = await Journey.StartAsync("live", locale, b.Address);
            var page = journey.Page;
            await journey.SignInAsync(RuntimeProcess.AdminEmail, RuntimeProcess.AdminPassword, "/apps/ops/forms/job");
            await Expect(page.Locator("[data-testid=record-table]")).ToBeVisibleAsync();
            var soon = new LocatorAssertionsToBeVisibleOptions { Timeout = 3000 };
            var second = JsonNode.Parse(await Ok(await api.PostAsJsonAsync("/api/apps/ops/forms/job/records", new { title = $"paint the door {locale}", state = "todo" })))!;
            await Expect(page.Locator($"[data-testid=record-table] a[href$='/records/{second["id"]!.GetValue<long>()}']")).ToBeVisibleAsync(soon);
            await journey.ShotAsync("1-listed-elsewhere");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await target.DropAsync();
            if (Directory.Exists(root) && Environment.GetEnvironmentVariable("KEEP") is null) Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<string> Ok(HttpResponseMessage answer)
    {
        var text = await answer.Content.ReadAsStringAsync();
        Assert.That(answer.IsSuccessStatusCode, Is.True, text);
        return text;
    }
}
