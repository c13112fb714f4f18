using Dapper;
using Platform.Engine.Records;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Records;

/// <summary>
/// Writes that share a commit (group commit) stay each all or nothing: a write that fails inside the group
/// fails alone, with its own error, and leaves no trace; its neighbours are stored once each.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class GroupCommitTests(TestDatabase target) : EngineFixture(target)
{
    private const string Form = """
        { "key": "item", "fields": [ { "key": "code", "type": "text", "unique": true }, { "key": "n", "type": "number" } ] }
        """;

    [Test]
    public void Sqlite_groups_its_writes_and_servers_write_side_by_side()
    {
        Assert.That(Database.GroupsWrites, Is.EqualTo(Database.Dialect.SingleWriter));
        Assert.That(Database.GroupsWrites, Is.EqualTo(Target.Name == "sqlite"));
    }

    [Test]
    public async Task A_write_failing_inside_a_group_fails_alone_and_its_neighbours_are_stored_once()
    {
        for (var attempt = 1; ; attempt++)
        {
            // Grouping is the default on SQLite only; the same savepoints must hold wherever it is turned on.
            await using var grouped = new PlatformDatabase(Database.Dialect, Database.ConnectionString, groupWrites: true);
            var records = new RecordService(grouped, Sandbox, Clock);
            var app = await NewAppAsync();
            var model = await PublishAsync(app, Form);
            var taken = await records.CreateAsync(model, Json.Of("""{ "code": "taken", "n": 0 }"""), User());
            var moved = await records.CreateAsync(model, Json.Of("""{ "code": "moved", "n": 0 }"""), User());

            // Fifty writes sent at once, as fifty requests would: every fifth fails inside the commit group.
            var writes = Enumerable.Range(0, 50).Select(i => Capture(
                i % 5 != 4 ? records.CreateAsync(model, Json.Of($$"""{ "code": "c{{i}}", "n": {{i}} }"""), User())
                : i % 10 == 4 ? records.CreateAsync(model, Json.Of("""{ "code": "taken", "n": -1 }"""), User())
                : records.UpdateAsync(model, moved.Id, Json.Of("""{ "n": -1 }"""), expectedVersion: 7, User()))).ToList();
            var outcomes = await Task.WhenAll(writes);

            var stored = outcomes.Where(o => o.Record is not null).Select(o => o.Record!).ToList();
            var failed = outcomes.Where(o => o.Error is not null).Select(o => o.Error!).ToList();
            Assert.That(stored, Has.Count.EqualTo(40));
            Assert.That(failed, Has.Count.EqualTo(10));
            Assert.That(failed.OfType<DuplicateValueException>().Select(e => e.Errors.Single().Field), Is.EqualTo(Enumerable.Repeat("code", 5)));
            Assert.That(failed.OfType<ConflictException>().Select(e => e.Code), Is.EqualTo(Enumerable.Repeat("version.stale", 5)));
            // A busy machine may commit each write before the next arrives; the burst is sent again (a fresh app) before that fails.
            if (grouped.WriteStats.LargestGroup == 1 && attempt < 3) continue;
            Assert.That(grouped.WriteStats.LargestGroup, Is.GreaterThan(1), $"the writes should have shared commits: {grouped.WriteStats}");
            Assert.That(grouped.WriteStats.Groups, Is.LessThan(grouped.WriteStats.Writes));

            await using var connection = await grouped.OpenAsync();
            var table = grouped.Dialect.Quote(model.Table);
            Assert.That(await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}"), Is.EqualTo(42));
            Assert.That(await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE {grouped.Dialect.Quote(model.Field("n")!.Stored.Column!)} < 0"), Is.Zero);
            var ids = stored.Select(r => r.Id).Concat([taken.Id, moved.Id]).Order().ToList();
            Assert.That((await connection.QueryAsync<long>("SELECT record_id FROM pf_history WHERE form_id = @id ORDER BY record_id", new { id = model.FormId })).ToList(),
                Is.EqualTo(ids), "one history entry per stored record, none for a failed one");
            Assert.That((await connection.QueryAsync<long>("SELECT record_id FROM pf_outbox WHERE form_id = @id ORDER BY record_id", new { id = model.FormId })).ToList(),
                Is.EqualTo(ids), "one event per stored record, none for a failed one");
            Assert.That((await records.GetAsync(model, moved.Id, User())).Version, Is.EqualTo(1));
            return;
        }
    }

    [Test]
    public async Task A_payload_refused_by_the_checks_never_takes_a_place_in_the_writers_group()
    {
        await using var grouped = new PlatformDatabase(Database.Dialect, Database.ConnectionString, groupWrites: true);
        var records = new RecordService(grouped, Sandbox, Clock);
        var model = await PublishAsync(await NewAppAsync(), Form);
        var before = grouped.WriteStats.Writes;

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => records.CreateAsync(model, Json.Of("""{ "code": 12, "n": "x" }"""), User()));

        Assert.That(error!.Errors.Select(e => e.Field), Is.EquivalentTo(new[] { "code", "n" }));
        Assert.That(grouped.WriteStats.Writes, Is.EqualTo(before), "parsing, defaults, rights, required fields and formulas run before the writer");
    }

    [Test]
    public async Task A_write_cancelled_while_it_waits_is_never_run()
    {
        await using var grouped = new PlatformDatabase(Database.Dialect, Database.ConnectionString, groupWrites: true);
        var records = new RecordService(grouped, Sandbox, Clock);
        var model = await PublishAsync(await NewAppAsync(), Form);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.CatchAsync<OperationCanceledException>(() => records.CreateAsync(model, Json.Of("""{ "code": "never" }"""), User(), cancelled.Token));

        var query = await records.QueryAsync(model, new Platform.Engine.Records.Query.QueryRequest(), User());
        Assert.That(query.Items, Is.Empty);
    }

    [Test]
    public async Task A_long_log_starts_over_instead_of_growing_with_every_write()
    {
        if (Database.Dialect.RestartCheckpoint is null) Assert.Ignore("Only SQLite's write-ahead log is checkpointed by the platform.");
        await using var database = new PlatformDatabase(Database.Dialect, Database.ConnectionString);
        database.Checkpoints.RestartFrames = 100;
        var records = new RecordService(database, Sandbox, Clock);
        var model = await PublishAsync(await NewAppAsync(), Form);
        for (var batch = 0; batch < 4; batch++)
            await records.CreateManyAsync(model, Enumerable.Range(0, 500).Select(i => Json.Of($$"""{ "code": "b{{batch}}-{{i}}", "n": {{i}} }""")).ToList(), User());
        var before = await LogFramesAsync(database);

        await database.Checkpoints.RunNowAsync();
        // The writer starts the log over after the next group; the one after that writes from its beginning.
        await records.CreateAsync(model, Json.Of("""{ "code": "after", "n": 1 }"""), User());
        await records.CreateAsync(model, Json.Of("""{ "code": "later", "n": 2 }"""), User());

        Assert.That(before, Is.GreaterThan(100), "the writes filled the log past the limit");
        Assert.That(database.Checkpoints.Restarts, Is.GreaterThan(0));
        Assert.That(await LogFramesAsync(database), Is.LessThan(before / 4), "the next write started the log over");
    }

    /// <summary>The pages the write-ahead log holds now (a passive checkpoint reports them).</summary>
    private static async Task<long> LogFramesAsync(PlatformDatabase database)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QuerySingleAsync<(long Busy, long Log, long Done)>("PRAGMA wal_checkpoint(PASSIVE)")).Log;
    }

    private static async Task<(RecordData? Record, Exception? Error)> Capture(Task<RecordData> write)
    {
        try
        {
            return (await write, null);
        }
        catch (Exception e)
        {
            return (null, e);
        }
    }
}
