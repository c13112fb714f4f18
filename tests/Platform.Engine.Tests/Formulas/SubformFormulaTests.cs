using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Records;
using Platform.Engine.Values;

namespace Platform.Engine.Tests.Formulas;

/// <summary>Formulas on subform rows: a line total on each product row of an opportunity, summed on the record.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class SubformFormulaTests(TestDatabase target) : EngineFixture(target)
{
    private static string Opportunity(string line = "qty * price") => $$"""
        { "key": "opportunity", "fields": [
            { "key": "name", "type": "text" },
            { "key": "discount", "type": "percent" },
            { "key": "items", "type": "subform", "label": { "en": "Products", "zh-CN": "产品" }, "fields": [
                { "key": "product", "type": "text" },
                { "key": "qty", "type": "number", "precision": 0 },
                { "key": "price", "type": "money" },
                { "key": "line", "type": "formula", "label": { "en": "Line total", "zh-CN": "小计" }, "expression": "{{line}}" } ] },
            { "key": "total", "type": "formula", "expression": "SUM({产品.小计}) * (1 - discount)" } ] }
        """;

    private static decimal?[] Lines(RecordData record) => ((List<SubformRow>)record.Values["items"]!).Select(r => (decimal?)r["line"]).ToArray();

    [Test]
    public async Task Each_row_computes_its_line_and_the_record_sums_them()
    {
        var form = await PublishAsync(await NewAppAsync(), Opportunity());

        var created = await Records.CreateAsync(form, Json.Of("""
            { "name": "ERP", "discount": 0.1, "items": [ { "product": "A", "qty": 3, "price": 10.5 }, { "product": "B", "qty": 2, "price": 100, "line": 999 } ] }
            """), User());
        var updated = await Records.UpdateAsync(form, created.Id, Json.Of("""{ "items": [ { "product": "A", "qty": 4, "price": 10.5 } ] }"""), 1, User());
        var read = await Records.GetAsync(form, created.Id, User());

        Assert.That(Lines(created), Is.EqualTo(new decimal?[] { 31.5m, 200m }));
        Assert.That(created.Values["total"], Is.EqualTo(208.35m));
        Assert.That(Lines(updated), Is.EqualTo(new decimal?[] { 42m }));
        Assert.That(read.Values["total"], Is.EqualTo(37.8m));
        Assert.That(RecordJson.ToJson(form, read)["items"]![0]!["line"]!.GetValue<decimal>(), Is.EqualTo(42m));
    }

    [Test]
    public async Task Each_row_takes_a_number_and_keeps_it_when_sent_back()
    {
        var form = await PublishAsync(await NewAppAsync(), """
            { "key": "order", "fields": [ { "key": "items", "type": "subform", "fields": [
                { "key": "no", "type": "autonumber", "prefix": "L-", "digits": 4 }, { "key": "product", "type": "text" } ] } ] }
            """);

        var created = await Records.CreateAsync(form, Json.Of("""{ "items": [ { "product": "A" }, { "product": "B", "no": "L-0500" } ] }"""), User());
        var updated = await Records.UpdateAsync(form, created.Id, Json.Of("""
            { "items": [ { "product": "B2", "no": "L-0002" }, { "product": "C" }, { "product": "D", "no": "L-0002" }, { "product": "E", "no": "L-0001x" } ] }
            """), 1, User());
        var other = await Records.CreateAsync(form, Json.Of("""{ "items": [ { "product": "F", "no": "L-0002" } ] }"""), User());

        string?[] Numbers(RecordData r) => ((List<SubformRow>)r.Values["items"]!).Select(row => row["no"] as string).ToArray();
        Assert.That(Numbers(created), Is.EqualTo(new[] { "L-0001", "L-0002" }));
        Assert.That(Numbers(updated), Is.EqualTo(new[] { "L-0002", "L-0003", "L-0004", "L-0005" }));
        Assert.That(Numbers(await Records.GetAsync(form, created.Id, User())), Is.EqualTo(new[] { "L-0002", "L-0003", "L-0004", "L-0005" }));
        Assert.That(Numbers(other), Is.EqualTo(new[] { "L-0006" }));
    }

    [Test]
    public async Task A_changed_row_formula_is_stored_with_keys_and_recomputes_existing_records()
    {
        var app = await NewAppAsync();
        var form = await PublishAsync(app, Opportunity());
        var record = await Records.CreateAsync(form, Json.Of("""{ "name": "ERP", "items": [ { "qty": 2, "price": 5 } ] }"""), User());

        var published = await new FormPublisher(Forms, Records).PublishAsync(app, FormJson.Parse(Opportunity("{qty} * {price} + 1")), User());
        var model = await Forms.GetModelAsync(app, "opportunity");
        var (definition, _) = await Forms.GetAsync(app, "opportunity");
        var read = await Records.GetAsync(model, record.Id, User());

        Assert.That(published.Recomputed, Is.EqualTo(1));
        Assert.That(Lines(read), Is.EqualTo(new decimal?[] { 11m }));
        Assert.That(read.Values["total"], Is.EqualTo(11m));
        var line = ((Platform.Engine.Forms.Fields.SubformField)definition.FindField("items")!).Fields.OfType<Platform.Engine.Forms.Fields.FormulaField>().Single();
        Assert.That(line.Expression, Is.EqualTo("qty * price + 1"));
    }
}
