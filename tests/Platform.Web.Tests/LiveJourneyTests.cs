using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace Platform.Web.Tests;

/// <summary>
/// Two nodes on one PostgreSQL behind the shipped sticky proxy, the browser's circuit on whichever node the proxy gave it:
/// records created and moved through the other node show in its list and on its board without a reload, a workflow's
/// notification rings its bell (no longer within the old five-second poll, but as soon as the node hears of it) — and an open
/// card menu is not closed under the user by such a change, which shows once the menu is closed; a record's own page shows
/// such a change too, but never over what is typed there and not saved.
/// </summary>
[NonParallelizable]
public sealed class LiveJourneyTests
{
    private static readonly LocatorAssertionsToBeVisibleOptions Soon = new() { Timeout = 3000 };

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task Records_changed_through_one_node_show_live_on_pages_served_by_the_other(string locale)
    {
        var target = new PostgresTestDatabase();
        if (target.Unavailable is { } reason) Assert.Ignore(reason);
        var root = Path.Combine(Path.GetTempPath(), $"platform-live-{Guid.NewGuid():N}");
        await using var database = await target.CreateAsync();
        try
        {
            string[] Settings(string node) => [.. RuntimeProcess.OnPostgres(database.ConnectionString, node), "--Platform:SignInsPerMinute", "1000"];
            var nodes = await Task.WhenAll(RuntimeProcess.StartAsync(Path.Combine(root, "a"), Settings("a")), RuntimeProcess.StartAsync(Path.Combine(root, "b"), Settings("b")));
            await using var a = nodes[0];
            await using var b = nodes[1];
            await using var proxy = await ProxyProcess.StartAsync(root, a.Address, b.Address);
            using (var setup = await a.SignInAsync())
            {
                await Ok(await setup.PostAsJsonAsync("/api/apps", new { key = "ops", name = "Ops" }));
                await Ok(await setup.PutAsync("/api/apps/ops/forms/job", new StringContent("""
                    { "key": "job", "name": { "en": "Jobs", "zh-CN": "工单" }, "fields": [
                      { "key": "title", "type": "text", "label": { "en": "Title", "zh-CN": "标题" } },
                      { "key": "state", "type": "select", "label": { "en": "State", "zh-CN": "状态" },
                        "options": [ { "key": "todo", "label": "To do" }, { "key": "done", "label": "Done" } ] } ] }
                    """, System.Text.Encoding.UTF8, "application/json")));
                // Each new job tells its owner (the admin, who creates them all below).
                await Ok(await setup.PutAsync("/api/apps/ops/workflows/told", new StringContent("""
                    { "key": "told", "form": "job", "trigger": { "type": "recordCreated" },
                      "steps": [ { "id": "tell", "type": "notify", "to": [ { "field": "owner" } ], "title": "'New job ' & title" } ] }
                    """, System.Text.Encoding.UTF8, "application/json")));
                await Ok(await setup.PostAsync("/api/apps/ops/workflows/told/enable", null));
                // The web app speaks the signed-in person's language.
                await Ok(await setup.PatchAsJsonAsync("/api/me", new { locale }));
            }

            await using var journey = await Journey.StartAsync("live", locale, proxy.Address);
            var page = journey.Page;
            await journey.SignInAsync(RuntimeProcess.AdminEmail, RuntimeProcess.AdminPassword, "/apps/ops/forms/job");
            await Expect(page.Locator("[data-testid=record-table]")).ToBeVisibleAsync();
            // The browser's node, as the proxy keeps it; every change below is made through the other one.
            var home = JsonNode.Parse(await (await page.APIRequest.GetAsync("/health/live")).TextAsync())!["node"]!.GetValue<string>();
            using var elsewhere = await (home == "a" ? b : a).SignInAsync();
            TestContext.Progress.WriteLine($"the circuit is on node {home}; changes go through the other");

            var clock = Stopwatch.StartNew();
            var door = await CreateAsync(elsewhere, $"paint the door {locale}");
            await Expect(page.Locator($"[data-testid=record-table] a[href$='/records/{door["id"]}']")).ToBeVisibleAsync(Soon);
            TestContext.Progress.WriteLine($"listed {clock.ElapsedMilliseconds} ms after the create answered");
            // The workflow's notification, written by whichever node ran it, rings the bell here.
            // (The run itself waits for the workflow engine's dispatcher first, hence the longer wait.)
            await Expect(page.Locator("[data-testid=bell-badge] .mud-badge")).ToHaveTextAsync("1", new() { Timeout = 15_000 });
            var rang = DateTime.UtcNow;
            var written = JsonNode.Parse(await Ok(await elsewhere.GetAsync("/api/me/notifications")))!["items"]![0]!["createdAt"]!.GetValue<DateTime>();
            TestContext.Progress.WriteLine($"the bell rang {(rang - written.ToUniversalTime()).TotalMilliseconds:0} ms after the notification was written");
            await journey.ShotAsync("1-listed-elsewhere");

            // The board: a card moved elsewhere moves here.
            await journey.GoAsync("/apps/ops/forms/job/kanban/state");
            await Expect(page.Locator($"[data-testid=column-todo] [data-testid=card-{door["id"]}]")).ToBeVisibleAsync();
            clock.Restart();
            await Ok(await elsewhere.PatchAsync($"/api/apps/ops/forms/job/records/{door["id"]}",
                JsonContent.Create(new { version = door["version"]!.GetValue<long>(), state = "done" })));
            await Expect(page.Locator($"[data-testid=column-done] [data-testid=card-{door["id"]}]")).ToBeVisibleAsync(Soon);
            await Expect(page.Locator("[data-testid=column-count-done]")).ToHaveTextAsync("1");
            TestContext.Progress.WriteLine($"moved on the board {clock.ElapsedMilliseconds} ms after the change answered");

            // A card's menu open here while a record is added elsewhere: the menu stays open; the new card comes once it closes.
            await page.Locator($"[data-testid=card-menu-{door["id"]}] button").First.ClickAsync();
            var moveBack = page.Locator(".mud-popover-open .mud-menu-item");
            await Expect(moveBack).ToBeVisibleAsync();
            var window = await CreateAsync(elsewhere, $"wash the window {locale}");
            await page.WaitForTimeoutAsync(2000);
            await Expect(moveBack).ToBeVisibleAsync();
            await Expect(page.Locator($"[data-testid=card-{window["id"]}]")).ToHaveCountAsync(0);
            await journey.ShotAsync("2-menu-kept-open");
            await page.Locator("h1.page-title").ClickAsync(); // a click beside the menu closes it
            await Expect(moveBack).ToHaveCountAsync(0);
            await Expect(page.Locator($"[data-testid=column-todo] [data-testid=card-{window["id"]}]")).ToBeVisibleAsync(Soon);
            await journey.ShotAsync("3-board-caught-up");

            // The record's own page: a change made elsewhere shows at once; one made while something typed here is not
            // saved is told instead, and what was typed stays until the person chooses the new version.
            await journey.GoAsync($"/apps/ops/forms/job/records/{window["id"]}");
            var title = page.Locator("[data-field=title] input");
            await Expect(title).ToHaveValueAsync($"wash the window {locale}");
            clock.Restart();
            var renamed = await PatchAsync(elsewhere, window, new JsonObject { ["title"] = "wash both windows" });
            await Expect(title).ToHaveValueAsync("wash both windows", new() { Timeout = 3000 });
            TestContext.Progress.WriteLine($"the record page showed the change {clock.ElapsedMilliseconds} ms after it answered");
            await title.FillAsync("wash the windows today");
            await title.PressAsync("Tab");
            await Expect(page.Locator("[data-testid=unsaved]")).ToBeVisibleAsync();
            await PatchAsync(elsewhere, renamed, new JsonObject { ["state"] = "done" });
            await Expect(page.Locator("[data-testid=changed-elsewhere]")).ToBeVisibleAsync(Soon);
            await Expect(title).ToHaveValueAsync("wash the windows today");
            await journey.ShotAsync("4-record-changed-while-typing");
            await page.Locator("[data-testid=reload]").ClickAsync();
            await Expect(title).ToHaveValueAsync("wash both windows");
            await Expect(page.Locator("[data-field=state]")).ToContainTextAsync("Done");
            await Expect(page.Locator("[data-testid=changed-elsewhere]")).ToHaveCountAsync(0);
            await Expect(page.Locator("[data-testid=unsaved]")).ToHaveCountAsync(0);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await target.DropAsync();
            if (Directory.Exists(root) && Environment.GetEnvironmentVariable("KEEP") is null) Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<JsonNode> CreateAsync(HttpClient api, string title) =>
        JsonNode.Parse(await Ok(await api.PostAsJsonAsync("/api/apps/ops/forms/job/records", new { title, state = "todo" })))!;

    private static async Task<JsonNode> PatchAsync(HttpClient api, JsonNode record, JsonObject changes)
    {
        changes["version"] = record["version"]!.GetValue<long>();
        return JsonNode.Parse(await Ok(await api.PatchAsync($"/api/apps/ops/forms/job/records/{record["id"]}", JsonContent.Create(changes))))!;
    }

    private static async Task<string> Ok(HttpResponseMessage answer)
    {
        var text = await answer.Content.ReadAsStringAsync();
        Assert.That(answer.IsSuccessStatusCode, Is.True, text);
        return text;
    }
}
