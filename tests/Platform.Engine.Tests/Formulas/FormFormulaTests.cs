using System.Collections.Immutable;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Records;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Formulas;

[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class FormFormulaTests(TestDatabase target) : EngineFixture(target)
{
    private const string Order = """
        { "key": "order", "fields": [
            { "key": "total", "type": "formula", "label": "Total", "expression": "{Net} + {Tax}" },
            { "key": "tax", "type": "formula", "label": "Tax", "expression": "ROUND({Net} * 0.13, 2)" },
            { "key": "net", "type": "formula", "label": "Net", "expression": "SUMPRODUCT({明细.单价}, {明细.数量})" },
            { "key": "price", "type": "money", "label": { "en": "Price", "zh-CN": "价格" } },
            { "key": "fee", "type": "money", "label": "Fee" },
            { "key": "sum", "type": "formula", "expression": "price + fee" },
            { "key": "ratio", "type": "formula", "expression": "price / fee" },
            { "key": "stage", "type": "select", "label": { "en": "Stage", "zh-CN": "阶段" },
              "options": [ { "key": "draft", "label": { "en": "Draft", "zh-CN": "草稿" } }, { "key": "won", "label": { "en": "Won", "zh-CN": "成交" } } ] },
            { "key": "grade", "type": "formula", "resultType": "text", "expression": "IF({阶段} = \"成交\", \"closed\", \"open\")" },
            { "key": "due", "type": "formula", "resultType": "date", "expression": "EDATE(DATE(2024, 1, 31), 1)" },
            { "key": "items", "type": "subform", "label": { "en": "Items", "zh-CN": "明细" }, "fields": [
                { "key": "price", "type": "money", "label": { "en": "Price", "zh-CN": "单价" } },
                { "key": "qty", "type": "number", "label": { "en": "Quantity", "zh-CN": "数量" } } ] } ],
          "rules": [ { "expression": "prev.stage <> \"won\" || stage = \"won\"", "message": "A won order stays won", "fields": ["stage"] } ] }
        """;

    [Test]
    public async Task Formulas_run_after_the_formulas_they_read_whatever_their_order_in_the_form()
    {
        var form = await PublishAsync(await NewAppAsync(), Order);

        var record = await Records.CreateAsync(form, Json.Of("""{ "items": [ { "price": 19.99, "qty": 3 }, { "price": 0.01, "qty": 1 } ] }"""), User());

        Assert.That(record.Values["net"], Is.EqualTo(59.98m));
        Assert.That(record.Values["tax"], Is.EqualTo(7.8m));
        Assert.That(record.Values["total"], Is.EqualTo(67.78m));
        Assert.That(form.Formulas.Select(f => f.Field.Key).Take(3), Is.EqualTo(new[] { "net", "tax", "total" }));
    }

    [Test]
    public async Task Money_adds_up_exactly_and_is_stored_exactly()
    {
        var form = await PublishAsync(await NewAppAsync(), Order);

        var created = await Records.CreateAsync(form, Json.Of("""{ "price": 0.1, "fee": 0.2 }"""), User());
        var stored = await Records.GetAsync(form, created.Id, User());

        Assert.That(stored.Values["sum"], Is.EqualTo(0.3m));
    }

    [Test]
    public async Task An_excel_error_leaves_the_formula_blank_and_the_record_is_kept()
    {
        var form = await PublishAsync(await NewAppAsync(), Order);

        var record = await Records.CreateAsync(form, Json.Of("""{ "price": 5 }"""), User());

        Assert.That(record.Values["ratio"], Is.Null);
        Assert.That(record.Values["sum"], Is.EqualTo(5m));
    }

    [Test]
    public async Task Options_are_compared_by_label_or_key_and_dates_are_stored_as_dates()
    {
        var form = await PublishAsync(await NewAppAsync(), Order);

        var won = await Records.CreateAsync(form, Json.Of("""{ "stage": "won" }"""), User());
        var draft = await Records.CreateAsync(form, Json.Of("""{ "stage": "draft" }"""), User());

        Assert.That(won.Values["grade"], Is.EqualTo("closed"));
        Assert.That(draft.Values["grade"], Is.EqualTo("open"));
        Assert.That(won.Values["due"], Is.EqualTo(new DateOnly(2024, 2, 29)));
    }

    [Test]
    public async Task Rules_see_the_values_before_the_update_as_prev()
    {
        var form = await PublishAsync(await NewAppAsync(), Order);
        var won = await Records.CreateAsync(form, Json.Of("""{ "stage": "won" }"""), User());

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Records.UpdateAsync(form, won.Id, Json.Of("""{ "stage": "draft" }"""), 1, User()));
        var draft = await Records.CreateAsync(form, Json.Of("""{ "stage": "draft" }"""), User());
        var promoted = await Records.UpdateAsync(form, draft.Id, Json.Of("""{ "stage": "won" }"""), 1, User());

        Assert.That(error!.Errors.Single().Field, Is.EqualTo("stage"));
        Assert.That(promoted.Values["stage"], Is.EqualTo("won"));
    }

    [Test]
    public async Task Labels_are_stored_as_keys_so_renaming_a_label_never_breaks_a_formula()
    {
        var app = await NewAppAsync();
        await PublishAsync(app, Order);

        var (stored, _) = await Forms.GetAsync(app, "order");
        var renamed = stored with
        {
            Fields = stored.Fields.Select(f => f.Key == "price" ? f with { Label = "Unit price" } : f).ToImmutableList(),
        };
        await Forms.PublishAsync(app, renamed);
        var form = await Forms.GetModelAsync(app, "order");
        var record = await Records.CreateAsync(form, Json.Of("""{ "price": 1, "fee": 2 }"""), User());

        Assert.That(((FormulaField)stored.FindField("total")!).Expression, Is.EqualTo("net + tax"));
        Assert.That(((FormulaField)stored.FindField("net")!).Expression, Is.EqualTo("SUMPRODUCT(items.price, items.qty)"));
        Assert.That(stored.Rules[0].Expression, Is.EqualTo("prev.stage <> \"won\" || stage = \"won\""));
        Assert.That(record.Values["sum"], Is.EqualTo(3m));
    }

    [TestCase("name & \"-\" & city", "text", "Acme-杭州")]
    [TestCase("amount * 2", "number", 4.2)]
    [TestCase("DATE(2024, 2, 29)", "date", "2024-02-29")]
    [TestCase("amount > 1", "boolean", true)]
    [TestCase("{Twice} + 1", "number", 5.2)]
    public async Task A_formula_without_a_result_type_takes_the_type_its_formula_gives(string expression, string type, object stored)
    {
        var app = await NewAppAsync();
        var json = $$"""
            { "key": "f", "fields": [ { "key": "name", "type": "text" }, { "key": "city", "type": "text" }, { "key": "amount", "type": "money" },
              { "key": "twice", "label": "Twice", "type": "formula", "expression": "amount * 2" },
              { "key": "out", "type": "formula", "expression": {{System.Text.Json.JsonSerializer.Serialize(expression)}} } ] }
            """;
        var model = await PublishAsync(app, json);
        var record = await Records.CreateAsync(model, Json.Of("""{ "name": "Acme", "city": "杭州", "amount": 2.1 }"""), User());
        var (definition, _) = await Forms.GetAsync(app, "f");

        Assert.That(((FormulaField)definition.Fields.Single(f => f.Key == "out")).ResultType.ToString()!.ToLowerInvariant(), Is.EqualTo(type));
        Assert.That(RecordJson.ToJson(model, record)["out"]!.ToJsonString(), Is.EqualTo(System.Text.Json.JsonSerializer.Serialize(stored)));
    }

    [TestCase("""[ { "key": "a", "type": "formula", "expression": "b + 1" }, { "key": "b", "type": "formula", "expression": "c + 1" }, { "key": "c", "type": "formula", "expression": "a + 1" } ]""", "a → b → c → a")]
    [TestCase("""[ { "key": "a", "type": "formula", "expression": "a + 1" } ]""", "a → a")]
    [TestCase("""[ { "key": "x", "type": "number" }, { "key": "a", "type": "formula", "label": "A", "expression": "{B} * x" }, { "key": "b", "type": "formula", "label": "B", "expression": "{A} / 2" } ]""", "a → b → a")]
    public async Task A_cycle_between_formulas_is_refused_at_publish_and_named(string fields, string cycle)
    {
        var app = await NewAppAsync();

        var error = await Assert.ThrowsAsync<DefinitionRejectedException>(() => Forms.PublishAsync(app, Platform.Engine.Forms.FormJson.Parse($$"""{ "key": "f", "fields": {{fields}} }""")));

        var problem = error!.Errors.Single(e => e.Code == "formula.cycle");
        Assert.That(problem.Args[0], Is.EqualTo(cycle));
        Assert.That(problem.Message("zh-CN"), Does.StartWith("公式之间存在循环引用"));
    }

    [TestCase("amount * ", "total", 1, 10)]
    [TestCase("IF(amount > 1, \"a\")\n  & {Nope}", "total", 2, 5)]
    [TestCase("name & \"x\"", "total", 1, 1)]
    public async Task A_broken_formula_is_refused_at_publish_naming_the_field_and_position(string expression, string field, int line, int column)
    {
        var app = await NewAppAsync();
        var json = new System.Text.Json.Nodes.JsonObject
        {
            ["key"] = "f",
            ["fields"] = new System.Text.Json.Nodes.JsonArray(
                new System.Text.Json.Nodes.JsonObject { ["key"] = "amount", ["type"] = "money" },
                new System.Text.Json.Nodes.JsonObject { ["key"] = "name", ["type"] = "text" },
                new System.Text.Json.Nodes.JsonObject { ["key"] = "total", ["type"] = "formula", ["expression"] = expression, ["resultType"] = "number" }),
        };

        var error = await Assert.ThrowsAsync<DefinitionRejectedException>(() => Forms.PublishAsync(app, Platform.Engine.Forms.FormJson.Parse(json.ToJsonString())));

        var problem = error!.Errors.Single();
        Assert.That(problem.Field, Is.EqualTo(field));
        Assert.That((problem.Args[0], problem.Args[1]), Is.EqualTo((line, column)));
    }

    [Test]
    public async Task Existing_records_take_a_new_or_changed_formula_when_asked_after_publish()
    {
        var app = await NewAppAsync();
        var plain = await PublishAsync(app, """{ "key": "p", "fields": [ { "key": "amount", "type": "money" } ] }""");
        var ids = new List<long>();
        for (var i = 1; i <= 3; i++) ids.Add((await Records.CreateAsync(plain, Json.Of($$"""{ "amount": {{i}}.1 }"""), User())).Id);

        var added = await Forms.PublishAsync(app, Platform.Engine.Forms.FormJson.Parse("""
            { "key": "p", "fields": [ { "key": "amount", "type": "money" }, { "key": "triple", "type": "formula", "expression": "amount * 3" } ] }
            """));
        var first = await Records.RecomputeAllAsync(await Forms.GetModelAsync(app, "p"), CallerContext.System);
        var changed = await Forms.PublishAsync(app, Platform.Engine.Forms.FormJson.Parse("""
            { "key": "p", "fields": [ { "key": "amount", "type": "money" }, { "key": "triple", "type": "formula", "expression": "amount * 3 + 0.1" } ] }
            """));
        var model = await Forms.GetModelAsync(app, "p");
        var second = await Records.RecomputeAllAsync(model, CallerContext.System);
        var again = await Records.RecomputeAllAsync(model, CallerContext.System);
        var record = await Records.GetAsync(model, ids[1], User());

        Assert.That((added.FormulasChanged, changed.FormulasChanged), Is.EqualTo((true, true)));
        Assert.That((first, second, again), Is.EqualTo((3, 3, 0)));
        Assert.That(record.Values["triple"], Is.EqualTo(6.4m));
        Assert.That(record.Version, Is.EqualTo(3));
        Assert.That(await Records.HistoryAsync(model, ids[1], User()), Has.Count.EqualTo(3));
    }
}
