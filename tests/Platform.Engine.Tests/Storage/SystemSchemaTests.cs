using Dapper;
using Platform.Engine.Records;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Schema;

namespace Platform.Engine.Tests.Storage;

/// <summary>The platform's own tables move forward by numbered migrations, from any earlier release, and never backwards.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class SystemSchemaTests(TestDatabase target) : EngineFixture(target)
{
    private TestDatabase _older = null!;
    private PlatformDatabase _database = null!;

    [SetUp]
    public async Task CreateEmptyDatabase()
    {
        _older = Target.Another();
        _database = await _older.CreateAsync(migrate: false);
    }

    [TearDown]
    public Task DropIt() => _older.DropAsync();

    [Test]
    public async Task Nodes_started_together_run_each_migration_once()
    {
        // Each node has its own database object, as separate processes do; SQLite has one process as its only user, whose
        // starts (the runtime's and a CLI verb's) share it.
        var shared = _database.Dialect.SessionLock is null;
        var nodes = Enumerable.Range(0, 3).Select(_ => shared ? _database : new PlatformDatabase(_database.Dialect, _database.ConnectionString)).ToList();
        try
        {
            await Task.WhenAll(nodes.Select(node => Task.Run(() => SystemSchema.MigrateAsync(node, Clock))));
        }
        finally
        {
            if (!shared)
                foreach (var node in nodes) await node.DisposeAsync();
        }
        await using var connection = await _database.OpenAsync();
        var versions = (await connection.QueryAsync<long>("SELECT version FROM pf_schema_versions")).Select(v => (int)v).ToList();
        Assert.That(versions, Is.EquivalentTo(Enumerable.Range(1, SystemMigrations.Latest)), "each migration recorded once");
    }

    [Test]
    public async Task A_database_of_the_first_release_is_upgraded_with_its_records_intact()
    {
        await PreviousRelease.BuildAsync(_database, Clock);

        await SystemSchema.MigrateAsync(_database, Clock);
        var model = await new Platform.Engine.Apps.FormService(_database, Sandbox, Clock).GetModelAsync(PreviousRelease.App, "deal");
        var records = new RecordService(_database, Sandbox, Clock);
        var old = await records.GetAsync(model, 1, User());
        var updated = await records.UpdateAsync(model, 1, Json.Of("""{ "amount": 10 }"""), 1, User(6));
        var history = await records.HistoryAsync(model, 1, User());

        Assert.That(await SystemSchema.VersionAsync(_database), Is.EqualTo(SystemMigrations.Latest));
        Assert.That(old.Values["name"], Is.EqualTo("Old deal"));
        Assert.That(old.Values["amount"], Is.EqualTo(1200.5m));
        Assert.That(updated.Values["total"], Is.EqualTo(20m));
        Assert.That(history.Select(h => (h.Kind, h.Actor.Kind, h.UserId)), Is.EqualTo(new[] { ("created", "user", (long?)5), ("updated", "user", 6) }));
    }

    [Test]
    public async Task A_database_of_the_release_before_the_organisation_keeps_its_users_tokens_and_records()
    {
        await SystemSchema.MigrateAsync(_database, Clock, upTo: 2);
        var users = new Platform.Engine.Users.UserService(_database, Clock);
        var user = await users.CreateAsync("old@example.com", "long enough password", "Old user", isAdmin: false);
        // As the previous release issued it: the SHA-256 of the token, never the token.
        const string token = "issued-by-the-previous-release";
        await using (var connection = await _database.OpenAsync())
            await connection.ExecuteAsync("INSERT INTO pf_tokens (token_hash, user_id, expires_at) VALUES (@hash, @id, @expires)", new
            {
                hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token))), id = user.Id,
                expires = _database.Dialect.ToDb(ColumnType.DateTime, Clock.GetUtcNow().UtcDateTime.AddHours(1)),
            });
        await new Platform.Engine.Apps.AppService(_database, Clock).CreateAsync("crm", "CRM", null);
        var forms = new Platform.Engine.Apps.FormService(_database, Sandbox, Clock);
        await forms.PublishAsync("crm", Platform.Engine.Forms.FormJson.Parse("""{ "key": "lead", "fields": [ { "key": "name", "type": "text" } ] }"""));
        var records = new RecordService(_database, Sandbox, Clock);
        var lead = await records.CreateAsync(await forms.GetModelAsync("crm", "lead"), Json.Of("""{ "name": "Kept" }"""), User(user.Id));

        await SystemSchema.MigrateAsync(_database, Clock);
        var departments = new Platform.Engine.Users.DepartmentService(_database, Clock);
        var sales = await departments.CreateAsync("Sales", null);
        await departments.SetMemberAsync(sales.Id, user.Id, null, false);

        Assert.That(await SystemSchema.VersionAsync(_database), Is.EqualTo(SystemMigrations.Latest));
        var profile = await users.GetAsync(user.Id);
        Assert.That(profile with { Attributes = Platform.Engine.Users.UserProfile.NoAttributes },
            Is.EqualTo(new Platform.Engine.Users.UserProfile(user.Id, "old@example.com", "Old user", null, null, null, false, true)));
        Assert.That(profile.Attributes, Is.Empty);
        Assert.That(await users.AuthenticateAsync(token), Is.Not.Null, "a token issued before the upgrade still signs in");
        Assert.That((await records.GetAsync(await forms.GetModelAsync("crm", "lead"), lead.Id, User())).Values["name"], Is.EqualTo("Kept"));
        Assert.That((await departments.OfUserAsync(user.Id)).Single().IsPrimary, Is.True);
    }

    [Test]
    public async Task An_empty_database_gets_every_migration_once()
    {
        await SystemSchema.MigrateAsync(_database, Clock);
        await SystemSchema.MigrateAsync(_database, Clock);

        await using var connection = await _database.OpenAsync();
        var versions = (await connection.QueryAsync<long>("SELECT version FROM pf_schema_versions ORDER BY version")).ToList();
        Assert.That(versions, Is.EqualTo(SystemMigrations.All.Select(m => (long)m.Version)));
    }

    [Test]
    public async Task A_database_newer_than_the_code_is_refused_with_a_clear_message()
    {
        await SystemSchema.MigrateAsync(_database, Clock);
        await using (var connection = await _database.OpenAsync())
            await connection.ExecuteAsync("INSERT INTO pf_schema_versions (version, name, applied_at) VALUES (99, 'from the future', @at)",
                new { at = _database.Dialect.ToDb(Platform.Engine.Storage.ColumnType.DateTime, Clock.GetUtcNow().UtcDateTime) });

        var error = await Assert.ThrowsAsync<SystemSchemaTooNewException>(() => SystemSchema.MigrateAsync(_database, Clock));

        Assert.That(error!.Message, Does.Contain("version 99").And.Contain($"up to {SystemMigrations.Latest}"));
    }
}
