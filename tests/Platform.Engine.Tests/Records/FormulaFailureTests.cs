namespace Platform.Engine.Tests.Records;

/// <summary>A formula that fails at save stores blank and says so; it never blocks writes to its form.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class FormulaFailureTests(TestDatabase target) : EngineFixture(target)
{
    [TestCase("""SEARCH("*a*a*a*a*a*a*a*a*a*a*b", REPT("a", 32000))""", "number", "script.timeout")]
    [TestCase("""DATEADD(DATE(2024, 1, 1), 1e12, "d")""", "date", "formula.result")]
    public async Task A_failing_formula_stores_blank_with_a_warning_and_the_record_is_saved(string expression, string resultType, string code)
    {
        var form = await PublishAsync(await NewAppAsync(), $$"""
            { "key": "f", "fields": [ { "key": "name", "type": "text" },
              { "key": "slow", "type": "formula", "resultType": "{{resultType}}", "expression": {{System.Text.Json.JsonSerializer.Serialize(expression)}} } ] }
            """);

        var created = await Records.CreateAsync(form, Json.Of("""{ "name": "Acme" }"""), User());
        var updated = await Records.UpdateAsync(form, created.Id, Json.Of("""{ "name": "Acme Ltd" }"""), 1, User());
        var history = await Records.HistoryAsync(form, created.Id, User());

        Assert.That(created.Values["slow"], Is.Null);
        Assert.That(created.Warnings.Select(w => (w.Field, w.Code)), Is.EqualTo(new[] { ("slow", code) }));
        Assert.That(updated.Values["name"], Is.EqualTo("Acme Ltd"));
        Assert.That(history.Select(h => h.Warnings.Select(w => w.Code).SingleOrDefault()), Is.EqualTo(new[] { code, code }));
    }
}
