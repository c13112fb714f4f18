using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Records;

/// <summary>A filter through a relation field (<c>customer.region</c>) asks the related records, as the caller may see and read them.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class PathFilterTests(TestDatabase target) : EngineFixture(target)
{
    [Test]
    public async Task Records_are_found_by_a_field_of_the_record_they_point_at_within_the_callers_sight_there()
    {
        var app = await NewAppAsync();
        var customers = await PublishAsync(app, """{ "key": "customer", "fields": [ { "key": "name", "type": "text" }, { "key": "region", "type": "text" } ] }""");
        var deals = await PublishAsync(app, """{ "key": "deal", "fields": [ { "key": "name", "type": "text" }, { "key": "customer", "type": "relation", "form": "customer" } ] }""");
        var me = await TestUsers.AddAsync(Database, $"{Guid.NewGuid():N}@example.com");
        var east = await Records.CreateAsync(customers, Json.Of($$"""{ "name": "Acme", "region": "east", "owner": {{me}} }"""), CallerContext.System);
        var eastTheirs = await Records.CreateAsync(customers, Json.Of("""{ "name": "Beta", "region": "east" }"""), CallerContext.System);
        var west = await Records.CreateAsync(customers, Json.Of("""{ "name": "Gamma", "region": "west" }"""), CallerContext.System);
        foreach (var (name, customer) in new[] { ("d1", east.Id), ("d2", eastTheirs.Id), ("d3", west.Id) })
            await Records.CreateAsync(deals, Json.Of($$"""{ "name": "{{name}}", "customer": {{customer}} }"""), CallerContext.System);
        var inEast = new QueryRequest { Filter = Condition.Of("customer.region", "eq", "east"), Count = true };
        // Deals anyone may see; customers only their own.
        var ownCustomers = User(me) with { Access = new OwnCustomers() };

        var all = await Records.QueryAsync(deals, inEast, CallerContext.System);
        var mine = await Records.QueryAsync(deals, inEast, ownCustomers);
        var bad = await Assert.ThrowsAsync<ValidationFailedException>(() => Records.QueryAsync(deals, new QueryRequest { Filter = Condition.Of("customer.nope", "eq", 1) }, CallerContext.System));
        var notRelation = await Assert.ThrowsAsync<ValidationFailedException>(() => Records.QueryAsync(deals, new QueryRequest { Filter = Condition.Of("name.x", "eq", 1) }, CallerContext.System));
        var hidden = User(me) with { Access = new GivenAccess(Views: new Dictionary<string, FieldView> { ["customer"] = new FieldView { Hidden = new HashSet<string> { "region" } } }) };
        var refused = await Assert.ThrowsAsync<ForbiddenException>(() => Records.QueryAsync(deals, inEast, hidden));

        Assert.That(all.Items.Select(d => d.Values["name"]), Is.EqualTo(new[] { "d1", "d2" }));
        Assert.That(all.Total, Is.EqualTo(2));
        Assert.That(mine.Items.Select(d => d.Values["name"]), Is.EqualTo(new[] { "d1" }), "a customer they cannot see tells them nothing of its region");
        Assert.That(bad!.Errors.Single().Code, Is.EqualTo("unknownField"));
        Assert.That(notRelation!.Errors.Single().Code, Is.EqualTo("unknownField"));
        Assert.That(refused!.Code, Is.EqualTo("access.hiddenField"));
    }

    private sealed class OwnCustomers : IAccessRules
    {
        public bool Can(string app, string form, RecordAction action) => true;

        public Filter? RowScope(string app, string form) => form == "customer" ? Condition.Of("owner", "eq", "me") : null;

        public Filter? WriteScope(string app, string form) => RowScope(app, form);

        public FieldView Fields(string app, string form) => FieldView.All;
    }
}
