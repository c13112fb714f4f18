using Dapper;
using Platform.Engine.Apps;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Changes;
using Platform.Engine.Storage.Dialects;

namespace Platform.Engine.Tests.Storage;

/// <summary>
/// Nodes on one database hear each other's changes: a form published by one is dropped from another's cache at once, so
/// that node serves the new version although it keeps what it read for longer while it hears the others; a listener that
/// lost its connection drops everything once it is back. SQLite has one process as its only user: its "other node" is a
/// second service in that process.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class ChangeFeedTests(TestDatabase target) : EngineFixture(target)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Test]
    public async Task A_form_published_on_one_node_is_served_new_by_another_at_once()
    {
        var shared = Database.Changes is not LocalChangeFeed;
        await using var other = shared ? new PlatformDatabase(Database.Dialect, Database.ConnectionString) : null;
        var node = other ?? Database;
        using var stop = new CancellationTokenSource();
        var listening = node.Changes.ListenAsync(stop.Token);
        if (shared) await UntilAsync(() => node.Changes.HearsOtherNodes);
        var app = await NewAppAsync();
        await PublishAsync(app, """{ "key": "deal", "fields": [ { "key": "name", "type": "text" } ] }""");
        var theirs = new FormService(node, Sandbox, Clock);
        Assert.That((await theirs.GetModelAsync(app, "deal")).Version, Is.EqualTo(1));

        var heard = new TaskCompletionSource();
        node.Changes.Heard += change =>
        {
            if (change == new Change(ChangeTopics.Form, $"{app}/deal")) heard.TrySetResult();
        };
        await PublishAsync(app, """{ "key": "deal", "fields": [ { "key": "name", "type": "text" }, { "key": "amount", "type": "money" } ] }""");
        await heard.Task.WaitAsync(Patience);

        var served = await theirs.GetModelAsync(app, "deal");
        Assert.That((served.Version, served.Field("amount") is not null), Is.EqualTo((2, true)));
        await stop.CancelAsync();
        await listening;
    }

    [Test]
    public async Task A_listener_whose_connection_dropped_drops_everything_once_back()
    {
        if (Database.Dialect is not PostgresDialect) Assert.Ignore("LISTEN connections are PostgreSQL's");
        await using var node = new PlatformDatabase(Database.Dialect, Database.ConnectionString);
        using var stop = new CancellationTokenSource();
        var listening = node.Changes.ListenAsync(stop.Token);
        await UntilAsync(() => node.Changes.HearsOtherNodes);
        var everything = new TaskCompletionSource();
        node.Changes.Heard += change =>
        {
            if (change == Change.Everything) everything.TrySetResult();
        };

        await using (var connection = await Database.OpenAsync())
            await connection.ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = @name", new { name = PostgresChangeFeed.ApplicationName });

        await everything.Task.WaitAsync(Patience);
        Assert.That(node.Changes.HearsOtherNodes, Is.True, "listening again");
        await stop.CancelAsync();
        await listening;
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.That(condition(), Is.True);
    }
}
