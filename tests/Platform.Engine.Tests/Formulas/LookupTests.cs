using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Formulas;

[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class LookupTests(TestDatabase target) : EngineFixture(target)
{
    private const string Customer = """
        { "key": "customer", "fields": [
            { "key": "name", "type": "text", "label": { "en": "Name", "zh-CN": "名称" } },
            { "key": "industry", "type": "text", "label": { "en": "Industry", "zh-CN": "行业" } },
            { "key": "discount", "type": "percent", "label": "Discount" } ] }
        """;

    private const string Deal = """
        { "key": "deal", "fields": [
            { "key": "name", "type": "text" },
            { "key": "amount", "type": "money" },
            { "key": "customer", "type": "relation", "form": "customer", "label": { "en": "Customer", "zh-CN": "客户" } },
            { "key": "partners", "type": "relation", "form": "customer", "multiple": true },
            { "key": "industry", "type": "formula", "resultType": "text", "expression": "{客户}.{行业}" },
            { "key": "net", "type": "formula", "expression": "amount * (1 - customer.discount)" },
            { "key": "partnerNames", "type": "formula", "resultType": "text", "expression": "TEXTJOIN(\", \", TRUE, partners.name)" } ],
          "rules": [ { "expression": "customer.industry <> \"sanctioned\"", "message": "No deals with sanctioned customers", "fields": ["customer"] } ] }
        """;

    private async Task<(Platform.Engine.Models.FormModel Customers, Platform.Engine.Models.FormModel Deals)> PublishAsync()
    {
        var app = await NewAppAsync();
        var customers = await PublishAsync(app, Customer);
        var deals = await PublishAsync(app, Deal);
        return (customers, deals);
    }

    [Test]
    public async Task A_formula_reads_fields_of_related_records()
    {
        var (customers, deals) = await PublishAsync();
        var acme = await Records.CreateAsync(customers, Json.Of("""{ "name": "Acme", "industry": "Retail", "discount": 0.1 }"""), User());
        var globex = await Records.CreateAsync(customers, Json.Of("""{ "name": "Globex", "industry": "Energy" }"""), User());

        var deal = await Records.CreateAsync(deals, Json.Of($$"""{ "name": "D1", "amount": 1000, "customer": {{acme.Id}}, "partners": [{{acme.Id}}, {{globex.Id}}] }"""), User());

        Assert.That(deal.Values["industry"], Is.EqualTo("Retail"));
        Assert.That(deal.Values["net"], Is.EqualTo(900m));
        Assert.That(deal.Values["partnerNames"], Is.EqualTo("Acme, Globex"));
    }

    [Test]
    public async Task Changing_the_related_record_recomputes_the_records_that_look_it_up_in_the_same_transaction()
    {
        var (customers, deals) = await PublishAsync();
        var acme = await Records.CreateAsync(customers, Json.Of("""{ "name": "Acme", "industry": "Retail", "discount": 0.1 }"""), User());
        var first = await Records.CreateAsync(deals, Json.Of($$"""{ "name": "D1", "amount": 1000, "customer": {{acme.Id}} }"""), User());
        var second = await Records.CreateAsync(deals, Json.Of($$"""{ "name": "D2", "amount": 50, "partners": [{{acme.Id}}] }"""), User());
        var unrelated = await Records.CreateAsync(deals, Json.Of("""{ "name": "D3", "amount": 10 }"""), User());

        await Records.UpdateAsync(customers, acme.Id, Json.Of("""{ "industry": "Banking", "discount": 0.2, "name": "Acme Corp" }"""), 1, User());

        var firstNow = await Records.GetAsync(deals, first.Id, User());
        var secondNow = await Records.GetAsync(deals, second.Id, User());
        var history = await Records.HistoryAsync(deals, first.Id, User());
        Assert.That(firstNow.Values["industry"], Is.EqualTo("Banking"));
        Assert.That(firstNow.Values["net"], Is.EqualTo(800m));
        Assert.That(firstNow.Version, Is.EqualTo(2));
        Assert.That(history, Has.Count.EqualTo(2));
        Assert.That(secondNow.Values["partnerNames"], Is.EqualTo("Acme Corp"));
        Assert.That((await Records.GetAsync(deals, unrelated.Id, User())).Version, Is.EqualTo(1));
    }

    [Test]
    public async Task A_rule_can_read_a_related_record()
    {
        var (customers, deals) = await PublishAsync();
        var shady = await Records.CreateAsync(customers, Json.Of("""{ "name": "Shady", "industry": "sanctioned" }"""), User());

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Records.CreateAsync(deals, Json.Of($$"""{ "name": "D1", "customer": {{shady.Id}} }"""), User()));

        Assert.That(error!.Errors.Single().Field, Is.EqualTo("customer"));
    }

    [Test]
    public async Task A_lookup_of_a_field_the_related_form_lacks_is_refused_at_publish()
    {
        var app = await NewAppAsync();
        await PublishAsync(app, Customer);

        var error = await Assert.ThrowsAsync<DefinitionRejectedException>(() => Forms.PublishAsync(app, Platform.Engine.Forms.FormJson.Parse("""
            { "key": "deal", "fields": [
                { "key": "customer", "type": "relation", "form": "customer" },
                { "key": "x", "type": "formula", "expression": "customer.revenue" } ] }
            """)));

        Assert.That(error!.Errors.Single().Code, Is.EqualTo("formula.invalid"));
        Assert.That(error.Errors.Single().Message(), Does.Contain("customer.revenue"));
    }
}
