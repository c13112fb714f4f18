using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Engine.Apps;
using Platform.Engine.Storage;

namespace Platform.Runtime.Tests.Api;

/// <summary>The new release started on a database the first release left: everything is there, upgraded in place.</summary>
[TestFixture]
public sealed class UpgradeOnStartTests
{
    [Test]
    public async Task The_host_starts_on_a_first_release_database_and_finds_everything_intact()
    {
        var target = new SqliteTestDatabase();
        var database = await target.CreateAsync(migrate: false);
        try
        {
            await PreviousRelease.BuildAsync(database, TimeProvider.System);
            await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host => host
                .UseSetting("Platform:Database:Provider", "sqlite")
                .UseSetting("Platform:Database:ConnectionString", database.ConnectionString)
                .UseSetting("PLATFORM_ADMIN_EMAIL", "admin@example.com")
                .UseSetting("PLATFORM_ADMIN_PASSWORD", "correct horse battery"));
            using var client = factory.CreateClient();
            var token = await (await client.PostAsJsonAsync("/api/auth/token", new { email = "admin@example.com", password = "correct horse battery" }))
                .Content.ReadFromJsonAsync<JsonObject>();
            client.DefaultRequestHeaders.Authorization = new("Bearer", token!["token"]!.GetValue<string>());
            var records = $"/api/apps/{PreviousRelease.App}/forms/deal/records";

            var old = await client.GetFromJsonAsync<JsonObject>($"{records}/1");
            var history = await client.GetFromJsonAsync<JsonArray>($"{records}/1/history");
            var created = await (await client.PostAsJsonAsync(records, new { name = "New deal", amount = 0.07m })).Content.ReadFromJsonAsync<JsonObject>();
            var model = await factory.Services.GetRequiredService<FormService>().GetModelAsync(PreviousRelease.App, "deal");

            Assert.That((old!["name"]!.GetValue<string>(), old["amount"]!.GetValue<decimal>(), old["total"]!.GetValue<decimal>()), Is.EqualTo(("Old deal", 1200.5m, 2401m)));
            Assert.That(history!.Select(h => (h!["kind"]!.GetValue<string>(), h["actor"]!["kind"]!.GetValue<string>())), Is.EqualTo(new[] { ("created", "user") }));
            Assert.That(created!["total"]!.GetValue<decimal>(), Is.EqualTo(0.14m));
            Assert.That((model.Field("amount")!.Stored.Spec!.Type, model.Version), Is.EqualTo((ColumnType.Fixed, 2)));
        }
        finally
        {
            await target.DropAsync();
        }
    }
}
