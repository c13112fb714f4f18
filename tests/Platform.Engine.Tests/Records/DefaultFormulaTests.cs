using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Records;

/// <summary>Computed defaults (<c>defaultFormula</c>): a new record's value where none was given, and what the record form starts with.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class DefaultFormulaTests(TestDatabase target) : EngineFixture(target)
{
    [Test]
    public async Task A_computed_default_fills_what_a_new_record_was_not_given()
    {
        var app = await NewAppAsync();
        var form = await PublishAsync(app, """
            { "key": "visit", "fields": [
              { "key": "amount", "type": "number" },
              { "key": "day", "type": "date", "defaultFormula": "TODAY()" },
              { "key": "owner_id", "type": "number", "defaultFormula": "ME()" },
              { "key": "deposit", "type": "number", "defaultFormula": "amount * 0.1" },
              { "key": "note", "type": "text", "defaultFormula": "IF(amount > 100, 'large', 'small')" } ] }
            """);

        var record = await Records.CreateAsync(form, Json.From(new { amount = 500, note = "given" }), User(7));

        Assert.That(record.Values["day"], Is.EqualTo(DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime)));
        Assert.That((record.Values["owner_id"], record.Values["deposit"], record.Values["note"]), Is.EqualTo(((decimal)7, 50.0m, "given")));
        var started = Records.NewValues(form, new System.Text.Json.Nodes.JsonObject { ["amount"] = 50 }, User(7));
        Assert.That(started.ToJsonString(), Does.Contain("\"deposit\":5").And.Contain("\"note\":\"small\"").And.Contain("\"owner_id\":7"), "what the record form starts a new record with");
    }

    [Test]
    public async Task A_default_formula_that_cannot_be_is_refused_where_it_is()
    {
        var app = await NewAppAsync();

        var refused = await Assert.ThrowsAsync<DefinitionRejectedException>(() => PublishAsync(app, """
            { "key": "visit", "fields": [
              { "key": "day", "type": "date", "defaultFormula": "'monday'" },
              { "key": "count", "type": "number", "defaultValue": 1, "defaultFormula": "2" },
              { "key": "tags", "type": "multiselect", "options": [ { "key": "a" } ], "defaultFormula": "'a'" } ] }
            """));

        Assert.That(refused!.Errors.Select(e => (e.Field, e.Code)), Is.SupersetOf(new[] { ("count.defaultFormula", "field.defaultTwice"), ("tags.defaultFormula", "field.defaultFormula") }));
        var typed = await Assert.ThrowsAsync<DefinitionRejectedException>(() => PublishAsync(app, """
            { "key": "visit", "fields": [ { "key": "day", "type": "date", "defaultFormula": "1 = 1" }, { "key": "n", "type": "number", "defaultFormula": "nope + 1" } ] }
            """));
        Assert.That(typed!.Errors.Select(e => e.Field), Is.EquivalentTo(new[] { "day.defaultFormula", "n.defaultFormula" }), "a yes/no where a date belongs; a field that is not there");
    }
}
