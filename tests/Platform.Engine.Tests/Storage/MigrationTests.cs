using System.Text.Json.Nodes;
using Platform.Engine.Forms;
using Platform.Engine.Records;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Storage;

[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class MigrationTests(TestDatabase target) : EngineFixture(target)
{
    private static string Form(params string[] fields) => $$"""{ "key": "c", "fields": [ {{string.Join(",", fields)}} ] }""";

    private const string Name = """{ "key": "name", "type": "text" }""";

    [Test]
    public async Task Adding_a_field_adds_a_column_and_keeps_existing_records()
    {
        var app = await NewAppAsync();
        var v1 = await PublishAsync(app, Form(Name));
        var record = await Records.CreateAsync(v1, Json.Of("""{ "name": "Acme" }"""), User());

        var v2 = await PublishAsync(app, Form(Name, """{ "key": "city", "type": "text" }"""));
        var updated = await Records.UpdateAsync(v2, record.Id, Json.Of("""{ "city": "杭州", "version": 1 }"""), null, User());

        Assert.That(v2.Version, Is.EqualTo(2));
        Assert.That(updated.Values["name"], Is.EqualTo("Acme"));
        Assert.That((await Records.GetAsync(v2, record.Id, User())).Values["city"], Is.EqualTo("杭州"));
    }

    [Test]
    public async Task A_removed_field_keeps_its_data_and_publishing_it_again_restores_it()
    {
        var app = await NewAppAsync();
        var v1 = await PublishAsync(app, Form(Name, """{ "key": "phone", "type": "phone" }"""));
        var record = await Records.CreateAsync(v1, Json.Of("""{ "name": "Acme", "phone": "+86 571 1234567" }"""), User());

        var v2 = await PublishAsync(app, Form(Name));
        Assert.That((await Records.GetAsync(v2, record.Id, User())).Values.ContainsKey("phone"), Is.False);

        var v3 = await PublishAsync(app, Form(Name, """{ "key": "phone", "type": "phone" }"""));
        Assert.That((await Records.GetAsync(v3, record.Id, User())).Values["phone"], Is.EqualTo("+86 571 1234567"));
    }

    [Test]
    public async Task Purging_a_removed_field_drops_its_data_for_good()
    {
        var app = await NewAppAsync();
        var v1 = await PublishAsync(app, Form(Name, """{ "key": "note", "type": "text" }"""));
        var record = await Records.CreateAsync(v1, Json.Of("""{ "name": "Acme", "note": "secret" }"""), User());
        await PublishAsync(app, Form(Name));

        var purged = await Forms.PurgeAsync(app, "c", ["note"]);
        var v3 = await PublishAsync(app, Form(Name, """{ "key": "note", "type": "text" }"""));

        Assert.That(purged, Is.EqualTo(new[] { "note" }));
        Assert.That((await Records.GetAsync(v3, record.Id, User())).Values["note"], Is.Null);
    }

    [Test]
    public async Task A_compatible_type_change_converts_every_value()
    {
        var app = await NewAppAsync();
        var v1 = await PublishAsync(app, Form("""{ "key": "score", "type": "number", "precision": 2 }"""));
        var record = await Records.CreateAsync(v1, Json.Of("""{ "score": 12.5 }"""), User());

        var dryRun = await Forms.PublishAsync(app, FormJson.Parse(Form("""{ "key": "score", "type": "text" }""")), dryRun: true);
        var v2 = await PublishAsync(app, Form("""{ "key": "score", "type": "text" }"""));

        Assert.That(dryRun.Plan.Changes.Where(c => c.Action != "rebuildSearch"),
            Is.EqualTo(new[] { new Platform.Engine.Storage.Forms.MigrationChange("score", "changeType", "number", "text") }));
        Assert.That(dryRun.Plan.RebuildsSearch, Is.EqualTo(Database.Dialect.HasSearchIndex), "the converted text is to be found by search");
        Assert.That(dryRun.Plan.DataLoss, Is.Empty);
        Assert.That((await Records.GetAsync(v2, record.Id, User())).Values["score"], Is.EqualTo("12.5"));
        await Records.RebuildSearchAsync(v2);
        Assert.That((await Records.QueryAsync(v2, new Platform.Engine.Records.Query.QueryRequest { Search = "12.5" }, User())).Items, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_lossy_type_change_is_reported_by_a_dry_run_and_refused_until_confirmed()
    {
        var app = await NewAppAsync();
        var v1 = await PublishAsync(app, Form("""{ "key": "size", "type": "text" }"""));
        var good = await Records.CreateAsync(v1, Json.Of("""{ "size": "120" }"""), User());
        var bad = await Records.CreateAsync(v1, Json.Of("""{ "size": "large" }"""), User());
        var toNumber = FormJson.Parse(Form("""{ "key": "size", "type": "number", "precision": 0 }"""));

        var dryRun = await Forms.PublishAsync(app, toNumber, dryRun: true);
        var refused = await Assert.ThrowsAsync<Platform.Engine.Storage.Forms.DataLossRefusedException>(() => Forms.PublishAsync(app, toNumber));
        var unchanged = await Forms.GetModelAsync(app, "c");

        Assert.That(dryRun.Plan.DataLoss.Single().Count, Is.EqualTo(1));
        Assert.That(dryRun.Plan.DataLoss.Single().Examples.Single().Id, Is.EqualTo(bad.Id));
        Assert.That(dryRun.Plan.DataLoss.Single().Examples.Single().Value, Is.EqualTo("\"large\""));
        Assert.That(refused!.Errors.Single().Code, Is.EqualTo("migration.dataLoss"));
        Assert.That(refused.Plan.DataLoss.Single().Count, Is.EqualTo(1));
        Assert.That(unchanged.Version, Is.EqualTo(1));
        Assert.That((await Records.GetAsync(unchanged, bad.Id, User())).Values["size"], Is.EqualTo("large"));

        var v2 = await PublishAsync(app, Form("""{ "key": "size", "type": "number", "precision": 0 }"""), confirmDataLoss: true);
        Assert.That((await Records.GetAsync(v2, good.Id, User())).Values["size"], Is.EqualTo(120m));
        Assert.That((await Records.GetAsync(v2, bad.Id, User())).Values["size"], Is.Null);

        // The old text column is retired, not dropped: going back to text restores "large".
        var v3 = await PublishAsync(app, Form("""{ "key": "size", "type": "text" }"""), confirmDataLoss: true);
        Assert.That((await Records.GetAsync(v3, bad.Id, User())).Values["size"], Is.EqualTo("large"));
    }

    [Test]
    public async Task An_incompatible_type_change_is_refused_and_changes_nothing()
    {
        var app = await NewAppAsync();
        await PublishAsync(app, Form("""{ "key": "tags", "type": "multiselect", "options": [ { "key": "a" } ] }"""));

        var error = await Assert.ThrowsAsync<DefinitionRejectedException>(() => PublishAsync(app, Form("""{ "key": "tags", "type": "date" }""")));

        Assert.That(error!.Errors.Single().Code, Is.EqualTo("field.typeChange"));
        Assert.That((await Forms.GetModelAsync(app, "c")).Version, Is.EqualTo(1));
    }

    [Test]
    public async Task Making_a_field_unique_over_duplicate_data_is_refused_and_rolled_back()
    {
        var app = await NewAppAsync();
        var v1 = await PublishAsync(app, Form(Name, """{ "key": "code", "type": "text" }"""));
        await Records.CreateAsync(v1, Json.Of("""{ "code": "A" }"""), User());
        await Records.CreateAsync(v1, Json.Of("""{ "code": "A" }"""), User());

        var error = await Assert.ThrowsAsync<DefinitionRejectedException>(() =>
            PublishAsync(app, Form(Name, """{ "key": "code", "type": "text", "unique": true }""", """{ "key": "extra", "type": "text" }""")));

        Assert.That(error!.Errors.Single().Code, Is.EqualTo("migration.uniqueConflict"));
        var model = await Forms.GetModelAsync(app, "c");
        Assert.That(model.Version, Is.EqualTo(1));
        await Assert.DoesNotThrowAsync(() => Records.CreateAsync(model, Json.Of("""{ "code": "A" }"""), User()));

        // The column the failed publish added was rolled back with it: adding the field again works.
        var v2 = await PublishAsync(app, Form(Name, """{ "key": "code", "type": "text" }""", """{ "key": "extra", "type": "text" }"""));
        Assert.That((await Records.CreateAsync(v2, Json.Of("""{ "extra": "ok" }"""), User())).Values["extra"], Is.EqualTo("ok"));
    }

    [Test]
    public async Task Versions_are_listed_and_old_definitions_stay_readable()
    {
        var app = await NewAppAsync();
        await PublishAsync(app, Form(Name));
        await PublishAsync(app, Form(Name, """{ "key": "city", "type": "text" }"""));

        var versions = await Forms.VersionsAsync(app, "c");
        var (first, _) = await Forms.GetAsync(app, "c", 1);

        Assert.That(versions.Select(v => v.Version), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(first.Fields.Select(f => f.Key), Is.EqualTo(new[] { "name" }));
    }

    [Test]
    public async Task A_definition_with_an_unknown_field_type_is_refused_with_the_type_named()
    {
        var app = await NewAppAsync();

        var error = await Assert.ThrowsAsync<DefinitionRejectedException>(() => PublishAsync(app, Form(Name, """{ "key": "sig", "type": "signature" }""")));

        Assert.That(error!.Errors.Single().Code, Is.EqualTo("field.unknownType"));
        Assert.That(error.Errors.Single().Args, Does.Contain("signature"));
    }

    [Test]
    public async Task Subform_fields_can_be_added_and_removed()
    {
        var app = await NewAppAsync();
        var v1 = await PublishAsync(app, Form("""{ "key": "lines", "type": "subform", "fields": [ { "key": "item", "type": "text" } ] }"""));
        var record = await Records.CreateAsync(v1, Json.Of("""{ "lines": [ { "item": "A" } ] }"""), User());

        var v2 = await PublishAsync(app, Form("""{ "key": "lines", "type": "subform", "fields": [ { "key": "item", "type": "text" }, { "key": "qty", "type": "number" } ] }"""));
        var json = RecordJson.ToJson(v2, await Records.GetAsync(v2, record.Id, User()));

        Assert.That(json["lines"]!.ToJsonString(), Is.EqualTo(JsonNode.Parse("""[{"item":"A","qty":null}]""")!.ToJsonString()));
    }
}
