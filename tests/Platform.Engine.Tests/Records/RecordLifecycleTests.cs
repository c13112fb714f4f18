using System.Text.Json.Nodes;
using Dapper;
using Platform.Engine.Records;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Records;

[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class RecordLifecycleTests(TestDatabase target) : EngineFixture(target)
{
    private const string Deal = """
        { "key": "deal", "fields": [
            { "key": "name",   "type": "text", "required": true, "maxLength": 50 },
            { "key": "amount", "type": "money", "min": 0 },
            { "key": "stage",  "type": "select", "options": [ { "key": "lead" }, { "key": "won" } ], "defaultValue": "lead" },
            { "key": "tags",   "type": "multiselect", "options": [ { "key": "vip" }, { "key": "new" } ] },
            { "key": "code",   "type": "text", "unique": true },
            { "key": "total",  "type": "formula", "expression": "amount * 2" },
            { "key": "no",     "type": "autonumber", "prefix": "D-", "digits": 4 },
            { "key": "contact", "type": "email" },
            { "key": "ref",    "type": "text", "pattern": "[A-Z]{2}-[0-9]+" } ],
          "rules": [ { "expression": "stage != 'won' || amount > 0", "message": { "en": "A won deal needs an amount", "zh-CN": "成交需要金额" }, "fields": ["amount"] } ] }
        """;

    private async Task<Platform.Engine.Models.FormModel> DealAsync() => await PublishAsync(await NewAppAsync(), Deal);

    private async Task<int> CountRowsAsync(Platform.Engine.Models.FormModel form, string table = "")
    {
        await using var connection = await Database.OpenAsync();
        return table.Length == 0
            ? await connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM {Database.Dialect.Quote(form.Table)}")
            : await connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM {table} WHERE form_id = @id", new { id = form.FormId });
    }

    [Test]
    public async Task Create_applies_defaults_formulas_and_autonumbers()
    {
        var form = await DealAsync();

        var record = await Records.CreateAsync(form, Json.Of("""{ "name": "Acme", "amount": 0.1, "tags": ["vip"] }"""), User());
        var json = RecordJson.ToJson(form, await Records.GetAsync(form, record.Id, User()));

        Assert.That(json["stage"]!.GetValue<string>(), Is.EqualTo("lead"));
        Assert.That(json["total"]!.GetValue<decimal>(), Is.EqualTo(0.2m));
        Assert.That(json["no"]!.GetValue<string>(), Is.EqualTo("D-0001"));
        Assert.That(json["version"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(json["createdBy"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(json["owner"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(json["createdAt"]!.GetValue<string>(), Is.EqualTo("2026-11-23T09:30:00Z"));
    }

    [Test]
    public async Task Every_error_is_reported_together_and_nothing_is_written()
    {
        var form = await DealAsync();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Records.CreateAsync(form, Json.Of("""
            { "amount": "lots", "stage": "lost", "tags": ["vip", "nope"], "colour": "red", "code": 5 }
            """), User()));

        Assert.That(error!.Errors.Select(e => (e.Field, e.Code)), Is.EquivalentTo(new[]
        {
            ("amount", "type.number"), ("stage", "option.unknown"), ("tags", "option.unknown"), ("colour", "unknownField"),
            ("code", "type.text"), ("name", "required"),
        }));
        Assert.That(await CountRowsAsync(form), Is.Zero);
        Assert.That(await CountRowsAsync(form, "pf_outbox"), Is.Zero);
    }

    [Test]
    public async Task Messages_come_in_english_and_chinese()
    {
        var form = await DealAsync();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Records.CreateAsync(form, Json.Of("""{ "name": "A", "stage": "won" }"""), User()));

        var rule = error!.Errors.Single();
        Assert.That(rule.Field, Is.EqualTo("amount"));
        Assert.That(rule.Message("en"), Is.EqualTo("A won deal needs an amount"));
        Assert.That(rule.Message("zh-CN"), Is.EqualTo("成交需要金额"));
        Assert.That(new ValidationError("name", "required").Message("zh-CN"), Is.EqualTo("此字段为必填项。"));
    }

    [TestCase("""{ "name": "01234567890123456789012345678901234567890123456789X" }""", "name", "text.tooLong")]
    [TestCase("""{ "name": "A", "amount": -1 }""", "amount", "number.min")]
    [TestCase("""{ "name": "A", "amount": 1e400 }""", "amount", "number.range")]
    [TestCase("""{ "name": "A", "tags": "vip" }""", "tags", "type.array")]
    [TestCase("""{ "name": "A", "total": 5, "no": "X", "id": 99, "createdAt": "x" }""", null, null)]
    [TestCase("""[1, 2]""", "_form", "type.object")]
    [TestCase("""{ "name": "A", "contact": "not-an-email" }""", "contact", "format.email")]
    [TestCase("""{ "name": "A", "ref": "ab-12" }""", "ref", "text.pattern")]
    public async Task Bad_values_get_a_clear_error(string payload, string? field, string? code)
    {
        var form = await DealAsync();

        if (field is null)
        {
            // Computed and system fields are read-only: a record read from the API can be sent back as it is.
            var record = await Records.CreateAsync(form, Json.Of(payload), User());
            Assert.That(record.Id, Is.Not.EqualTo(99));
            Assert.That(record.Values["no"], Is.EqualTo("D-0001"));
            return;
        }
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Records.CreateAsync(form, Json.Of(payload), User()));
        Assert.That(error!.Errors.Select(e => (e.Field, e.Code)), Does.Contain((field, code)));
    }

    [Test]
    public async Task A_unique_field_refuses_a_second_record_with_the_same_value()
    {
        var form = await DealAsync();
        await Records.CreateAsync(form, Json.Of("""{ "name": "A", "code": "X-1" }"""), User());

        var error = await Assert.ThrowsAsync<DuplicateValueException>(() => Records.CreateAsync(form, Json.Of("""{ "name": "B", "code": "X-1" }"""), User()));

        Assert.That(error!.Errors.Single().Field, Is.EqualTo("code"));
        Assert.That(error.Errors.Single().Code, Is.EqualTo("unique"));
        Assert.That(await CountRowsAsync(form), Is.EqualTo(1));
    }

    [Test]
    public async Task A_batch_is_all_or_nothing_with_errors_keyed_by_index()
    {
        var form = await DealAsync();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Records.CreateManyAsync(form,
            [Json.Of("""{ "name": "A" }"""), Json.Of("""{ "amount": 5 }"""), Json.Of("""{ "name": "C" }""")], User()));
        var created = await Records.CreateManyAsync(form, [Json.Of("""{ "name": "A" }"""), Json.Of("""{ "name": "B" }""")], User());

        Assert.That(error!.Errors.Single().Field, Is.EqualTo("[1].name"));
        Assert.That(created.Select(r => r.Values["no"]), Is.EqualTo(new[] { "D-0001", "D-0002" }));
        Assert.That(await CountRowsAsync(form), Is.EqualTo(2));
    }

    [Test]
    public async Task Update_changes_only_what_was_sent_and_records_history()
    {
        var form = await DealAsync();
        var record = await Records.CreateAsync(form, Json.Of("""{ "name": "Acme", "amount": 10, "tags": ["vip"] }"""), User());
        Clock.Advance(TimeSpan.FromMinutes(5));

        var updated = await Records.UpdateAsync(form, record.Id, Json.Of("""{ "amount": 25, "tags": ["vip", "new"] }"""), 1, User(2));
        var history = await Records.HistoryAsync(form, record.Id, User());

        Assert.That(updated.Version, Is.EqualTo(2));
        Assert.That(updated.Values["name"], Is.EqualTo("Acme"));
        Assert.That(updated.Values["total"], Is.EqualTo(50m));
        Assert.That(history.Select(h => h.Kind), Is.EqualTo(new[] { "created", "updated" }));
        var change = history[1];
        Assert.That(change.UserId, Is.EqualTo(2));
        Assert.That(change.At, Is.EqualTo(new DateTime(2026, 11, 23, 9, 35, 0, DateTimeKind.Utc)));
        Assert.That(change.Changes.Select(c => $"{c.Field}:{c.Old?.ToJsonString()}→{c.New?.ToJsonString()}"), Is.EquivalentTo(new[]
        {
            "amount:10→25", "tags:[\"vip\"]→[\"vip\",\"new\"]", "total:20→50",
        }));
    }

    [Test]
    public async Task An_update_with_a_stale_version_gets_a_conflict_and_changes_nothing()
    {
        var form = await DealAsync();
        var record = await Records.CreateAsync(form, Json.Of("""{ "name": "Acme" }"""), User());
        await Records.UpdateAsync(form, record.Id, Json.Of("""{ "name": "Acme Ltd" }"""), 1, User());

        var conflict = await Assert.ThrowsAsync<ConflictException>(() => Records.UpdateAsync(form, record.Id, Json.Of("""{ "name": "Other" }"""), 1, User()));
        var missing = await Assert.ThrowsAsync<ValidationFailedException>(() => Records.UpdateAsync(form, record.Id, Json.Of("""{ "name": "Other" }"""), null, User()));

        Assert.That(conflict!.Args, Is.EqualTo(new object[] { 2L }));
        Assert.That(missing!.Errors.Single().Code, Is.EqualTo("version.required"));
        Assert.That((await Records.GetAsync(form, record.Id, User())).Values["name"], Is.EqualTo("Acme Ltd"));
    }

    [Test]
    public async Task Fifty_parallel_updates_of_one_record_lose_nothing_and_the_losers_get_conflicts()
    {
        var form = await DealAsync();
        var record = await Records.CreateAsync(form, Json.Of("""{ "name": "Acme", "amount": 0 }"""), User());

        var outcomes = await Task.WhenAll(Enumerable.Range(1, 50).Select(i => Task.Run(async () =>
        {
            try
            {
                await Records.UpdateAsync(form, record.Id, Json.Of($$"""{ "amount": {{i}} }"""), 1, User());
                return "won";
            }
            catch (ConflictException)
            {
                return "conflict";
            }
        })));

        var final = await Records.GetAsync(form, record.Id, User());
        var history = await Records.HistoryAsync(form, record.Id, User());
        Assert.That(outcomes.Count(o => o == "won"), Is.EqualTo(1));
        Assert.That(outcomes.Count(o => o == "conflict"), Is.EqualTo(49));
        Assert.That(final.Version, Is.EqualTo(2));
        Assert.That(history.Count(h => h.Kind == "updated"), Is.EqualTo(1));
        Assert.That(history[1].Changes.Single(c => c.Field == "amount").New!.GetValue<decimal>(), Is.EqualTo(final.Values["amount"]));
    }

    [Test]
    public async Task Fifty_parallel_creates_get_fifty_different_autonumbers()
    {
        var form = await DealAsync();

        var created = await Task.WhenAll(Enumerable.Range(1, 50).Select(i =>
            Task.Run(() => Records.CreateAsync(form, Json.Of($$"""{ "name": "N{{i}}" }"""), User()))));

        Assert.That(created.Select(r => (string)r.Values["no"]!).Distinct().Count(), Is.EqualTo(50));
        Assert.That(created.Select(r => (string)r.Values["no"]!), Is.EquivalentTo(Enumerable.Range(1, 50).Select(i => $"D-{i:0000}")));
    }

    [Test]
    public async Task Delete_moves_to_the_recycle_bin_and_restore_brings_it_back()
    {
        var form = await DealAsync();
        var record = await Records.CreateAsync(form, Json.Of("""{ "name": "Acme" }"""), User());

        var deleted = await Records.DeleteAsync(form, record.Id, null, User());
        var gone = await Assert.ThrowsAsync<NotFoundException>(() => Records.GetAsync(form, record.Id, User()));
        var bin = await Records.QueryAsync(form, new() { Deleted = true }, User());
        var again = await Assert.ThrowsAsync<NotFoundException>(() => Records.DeleteAsync(form, record.Id, null, User()));
        var restored = await Records.RestoreAsync(form, record.Id, User());
        var notDeleted = await Assert.ThrowsAsync<ConflictException>(() => Records.RestoreAsync(form, record.Id, User()));

        Assert.That(deleted.Version, Is.EqualTo(2));
        Assert.That(gone!.Code, Is.EqualTo("record.notFound"));
        Assert.That(again!.Code, Is.EqualTo("record.notFound"));
        Assert.That(notDeleted!.Code, Is.EqualTo("record.notDeleted"));
        Assert.That(bin.Items.Single().Id, Is.EqualTo(record.Id));
        Assert.That(restored.Version, Is.EqualTo(3));
        Assert.That((await Records.GetAsync(form, record.Id, User())).Values["name"], Is.EqualTo("Acme"));
        Assert.That((await Records.HistoryAsync(form, record.Id, User())).Select(h => h.Kind), Is.EqualTo(new[] { "created", "deleted", "restored" }));
    }

    [Test]
    public async Task Every_committed_change_is_an_outbox_event_with_what_changed()
    {
        var form = await DealAsync();
        var record = await Records.CreateAsync(form, Json.Of("""{ "name": "Acme", "amount": 1 }"""), User());
        await Records.UpdateAsync(form, record.Id, Json.Of("""{ "amount": 2 }"""), 1, User());
        await Records.UpdateAsync(form, record.Id, Json.Of("""{ "amount": 2 }"""), 2, User()); // no real change: no event
        await Records.DeleteAsync(form, record.Id, null, User());
        await Records.RestoreAsync(form, record.Id, User());

        await using var connection = await Database.OpenAsync();
        var events = (await connection.QueryAsync<string>("SELECT payload FROM pf_outbox WHERE form_id = @id ORDER BY id", new { id = form.FormId }))
            .Select(p => JsonNode.Parse(p)!).ToList();

        Assert.That(events.Select(e => e["event"]!.GetValue<string>()), Is.EqualTo(new[] { "record.created", "record.updated", "record.deleted", "record.restored" }));
        Assert.That(events[0]["recordId"]!.GetValue<long>(), Is.EqualTo(record.Id));
        Assert.That(events[1]["changes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()), Is.EquivalentTo(new[] { "amount", "total" }));
        Assert.That(events.Select(e => e["version"]!.GetValue<long>()), Is.EqualTo(new long[] { 1, 2, 3, 4 }));
    }

    [Test]
    public async Task Related_records_and_users_must_exist()
    {
        var app = await NewAppAsync();
        var company = await PublishAsync(app, """{ "key": "company", "fields": [ { "key": "name", "type": "text" } ] }""");
        var contact = await PublishAsync(app, """
            { "key": "contact", "fields": [ { "key": "company", "type": "relation", "form": "company" },
              { "key": "team", "type": "relation", "form": "company", "multiple": true }, { "key": "sales", "type": "user", "multiple": true } ] }
            """);
        var acme = await Records.CreateAsync(company, Json.Of("""{ "name": "Acme" }"""), User());
        var user = await TestUsers.AddAsync(Database, $"{Guid.NewGuid():N}@example.com");

        var ok = await Records.CreateAsync(contact, Json.Of($$"""{ "company": {{acme.Id}}, "team": [{{acme.Id}}], "sales": [{{user}}] }"""), User());
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Records.CreateAsync(contact, Json.Of("""{ "company": 987654, "team": [987655], "sales": [987656] }"""), User()));

        Assert.That(ok.Values["company"], Is.EqualTo(acme.Id));
        Assert.That(error!.Errors.Select(e => (e.Field, e.Code)), Is.EquivalentTo(new[]
        {
            ("company", "relation.missing"), ("team", "relation.missing"), ("sales", "user.missing"),
        }));
    }
}
