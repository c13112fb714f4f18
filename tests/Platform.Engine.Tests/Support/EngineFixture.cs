using Microsoft.Extensions.Time.Testing;
using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Scripting;
using Platform.Engine.Storage;

namespace Platform.Engine.Tests.Support;

/// <summary>
/// The base of every storage test: the same tests run once per database, each subclass naming
/// only its database. A database that cannot be reached here is skipped with the reason.
/// </summary>
public abstract class EngineFixture(TestDatabase target)
{
    protected PlatformDatabase Database { get; private set; } = null!;

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.Zero));

    protected ScriptSandbox Sandbox { get; } = new();

    protected AppService Apps { get; private set; } = null!;

    protected FormService Forms { get; private set; } = null!;

    protected RecordService Records { get; set; } = null!;

    protected TestDatabase Target => target;

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        if (target.Unavailable is { } reason) Assert.Ignore(reason);
        Database = await target.CreateAsync();
        Apps = new AppService(Database, Clock);
        Forms = new FormService(Database, Sandbox, Clock);
        Records = new RecordService(Database, Sandbox, Clock);
    }

    [OneTimeTearDown]
    public Task DropDatabase() => target.Unavailable is null ? target.DropAsync() : Task.CompletedTask;

    /// <summary>A new app with a unique key, so tests never share data.</summary>
    protected async Task<string> NewAppAsync()
    {
        var key = "app_" + Guid.NewGuid().ToString("N")[..12];
        await Apps.CreateAsync(key, "Test app", null);
        return key;
    }

    protected async Task<FormModel> PublishAsync(string app, string json, bool confirmDataLoss = false)
    {
        await Forms.PublishAsync(app, FormJson.Parse(json), confirmDataLoss: confirmDataLoss);
        return await Forms.GetModelAsync(app, FormJson.Parse(json).Key);
    }

    protected static CallerContext User(long id = 1) => CallerContext.ForUser(id);
}
