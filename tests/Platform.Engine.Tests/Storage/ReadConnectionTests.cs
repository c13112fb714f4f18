using Platform.Engine.Records;
using Platform.Engine.Storage;

namespace Platform.Engine.Tests.Storage;

/// <summary>
/// Reads keep their statements prepared where preparing costs most (SQLite, compiled in this process): the next read
/// finds the connection open with its statement, and the statement still answers after the table has changed.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class ReadConnectionTests(TestDatabase target) : EngineFixture(target)
{
    private const string Form = """{ "key": "item", "fields": [ { "key": "code", "type": "text" }, { "key": "tags", "type": "multiselect", "options": [ { "key": "a" }, { "key": "b" } ] } ] }""";

    [Test]
    public async Task The_next_read_finds_the_connection_and_its_statement_where_statements_are_compiled_in_process()
    {
        var model = await PublishAsync(await NewAppAsync(), Form);
        var created = await Records.CreateAsync(model, Json.Of("""{ "code": "x", "tags": ["b", "a"] }"""), User());
        await using var database = new PlatformDatabase(Database.Dialect, Database.ConnectionString);
        var records = new RecordService(database, Sandbox, Clock);

        await records.GetAsync(model, created.Id, User());
        System.Data.Common.DbConnection first;
        await using (var reading = await database.ReadAsync())
        {
            first = reading.Connection;
            Assert.That(reading.Commands.Count, Is.EqualTo(Database.Dialect.PreparesInProcess ? 1 : 0), "the get's statement, kept prepared");
        }
        await using (var reading = await database.ReadAsync())
            Assert.That(reading.Connection, Database.Dialect.PreparesInProcess ? Is.SameAs(first) : Is.Not.SameAs(first));
        Assert.That((await records.GetAsync(model, created.Id, User())).Values["tags"], Is.EqualTo(new[] { "b", "a" }), "link values in their order");
    }

    [Test]
    public async Task A_kept_statement_answers_after_a_publish_changed_the_table_and_its_records()
    {
        var app = await NewAppAsync();
        var model = await PublishAsync(app, Form);
        var created = await Records.CreateAsync(model, Json.Of("""{ "code": "x" }"""), User());
        await Records.GetAsync(model, created.Id, User());

        var changed = await PublishAsync(app, Form.Replace("""{ "key": "code", "type": "text" }""", """{ "key": "code", "type": "text" }, { "key": "note", "type": "text" }""", StringComparison.Ordinal));
        await Records.UpdateAsync(changed, created.Id, Json.Of("""{ "note": "later" }"""), created.Version, User());

        Assert.That((await Records.GetAsync(model, created.Id, User())).Values["code"], Is.EqualTo("x"), "the old version's statement, prepared again");
        Assert.That((await Records.GetAsync(changed, created.Id, User())).Values["note"], Is.EqualTo("later"));
    }
}
