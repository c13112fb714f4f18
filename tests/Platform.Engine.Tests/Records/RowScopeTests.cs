using Dapper;
using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Records;

/// <summary>A row scope holds for writes and references as it does for reads: what a caller cannot open, they cannot create, move or point at.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class RowScopeTests(TestDatabase target) : EngineFixture(target)
{
    private static CallerContext OwnOnly(long user) => User(user) with { Access = new GivenAccess(Condition.Of("owner", "eq", "me")) };

    private async Task<(FormModel Customer, FormModel Deal)> FormsAsync()
    {
        var app = await NewAppAsync();
        var customer = await PublishAsync(app, """{ "key": "customer", "fields": [ { "key": "name", "type": "text" } ] }""");
        var deal = await PublishAsync(app, """
            { "key": "deal", "fields": [ { "key": "name", "type": "text" }, { "key": "customer", "type": "relation", "form": "customer" },
              { "key": "city", "type": "formula", "expression": "customer.name" } ] }
            """);
        return (customer, deal);
    }

    private async Task<int> CountAsync(FormModel form)
    {
        await using var connection = await Database.OpenAsync();
        return await connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM {Database.Dialect.Quote(form.Table)}");
    }

    [Test]
    public async Task A_record_cannot_be_created_outside_the_callers_scope()
    {
        var (customer, _) = await FormsAsync();
        var (me, someoneElse) = await TwoUsersAsync();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Records.CreateAsync(customer, Json.Of($$"""{ "name": "Acme", "owner": {{someoneElse}} }"""), OwnOnly(me)));
        var own = await Records.CreateAsync(customer, Json.Of("""{ "name": "Own" }"""), OwnOnly(me));

        Assert.That(error!.Errors.Single().Code, Is.EqualTo("record.outsideScope"));
        Assert.That(own.Owner, Is.EqualTo(me));
        Assert.That(await CountAsync(customer), Is.EqualTo(1));
    }

    [Test]
    public async Task A_record_cannot_be_moved_out_of_the_callers_scope()
    {
        var (customer, _) = await FormsAsync();
        var (me, someoneElse) = await TwoUsersAsync();
        var own = await Records.CreateAsync(customer, Json.Of("""{ "name": "Own" }"""), OwnOnly(me));

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Records.UpdateAsync(customer, own.Id, Json.Of($$"""{ "owner": {{someoneElse}} }"""), 1, OwnOnly(me)));

        Assert.That(error!.Errors.Single().Code, Is.EqualTo("record.outsideScope"));
        Assert.That((await Records.GetAsync(customer, own.Id, OwnOnly(me))).Version, Is.EqualTo(1));
    }

    /// <summary>Two people of the directory: an owner must be one.</summary>
    private async Task<(long Me, long SomeoneElse)> TwoUsersAsync() =>
        (await TestUsers.AddAsync(Database, $"{Guid.NewGuid():N}@example.com"), await TestUsers.AddAsync(Database, $"{Guid.NewGuid():N}@example.com"));

    [Test]
    public async Task History_and_events_show_only_records_within_the_scope_deleted_or_not()
    {
        var (customer, _) = await FormsAsync();
        var theirs = await Records.CreateAsync(customer, Json.Of("""{ "name": "Theirs" }"""), User(1));
        var mine = await Records.CreateAsync(customer, Json.Of("""{ "name": "Mine" }"""), OwnOnly(2));
        await Records.DeleteAsync(customer, mine.Id, 1, OwnOnly(2));

        var history = await Records.HistoryAsync(customer, mine.Id, OwnOnly(2));
        var hidden = await Assert.ThrowsAsync<NotFoundException>(() => Records.HistoryAsync(customer, theirs.Id, OwnOnly(2)));
        var events = await Records.EventsAsync(customer, 0, 100, OwnOnly(2));

        Assert.That(history.Select(h => h.Kind), Is.EqualTo(new[] { "created", "deleted" }));
        Assert.That(hidden!.Code, Is.EqualTo("record.notFound"));
        Assert.That(events.Select(e => (e.RecordId, e.Kind)), Is.EqualTo(new[] { (mine.Id, "record.created"), (mine.Id, "record.deleted") }));
    }

    [Test]
    public async Task A_relation_may_only_point_at_a_record_the_caller_can_see()
    {
        var (customer, deal) = await FormsAsync();
        var theirs = await Records.CreateAsync(customer, Json.Of("""{ "name": "Theirs" }"""), User(1));
        var mine = await Records.CreateAsync(customer, Json.Of("""{ "name": "Mine" }"""), OwnOnly(2));

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Records.CreateAsync(deal, Json.Of($$"""{ "name": "D", "customer": {{theirs.Id}} }"""), OwnOnly(2)));
        var ok = await Records.CreateAsync(deal, Json.Of($$"""{ "name": "D", "customer": {{mine.Id}} }"""), OwnOnly(2));
        var byAdmin = await Records.CreateAsync(deal, Json.Of($$"""{ "name": "D", "customer": {{theirs.Id}} }"""), User(1));

        Assert.That(error!.Errors.Single().Code, Is.EqualTo("relation.missing"));
        Assert.That(ok.Values["city"], Is.EqualTo("Mine"));
        Assert.That(byAdmin.Values["city"], Is.EqualTo("Theirs"));
    }
    /// <summary>
    /// A scope of alternatives (own, the pool, a region) is read one alternative at a time and merged: the pages must
    /// be those of the one condition, in order, a record in two alternatives once, by cursor and by offset alike.
    /// </summary>
    [Test]
    public async Task A_scope_of_alternatives_pages_as_one_condition_would()
    {
        var app = await NewAppAsync();
        var form = await PublishAsync(app, """
            { "key": "lead", "fields": [ { "key": "amount", "type": "number" }, { "key": "region", "type": "text" } ],
              "indexes": [ { "fields": ["owner", "amount"] } ] }
            """);
        var (me, someoneElse) = await TwoUsersAsync();
        var payloads = Enumerable.Range(0, 90).Select(i => Json.From(new
        {
            amount = i % 7 == 0 ? (int?)null : i % 13,
            region = i % 4 == 0 ? "north" : "south",
            owner = (i % 3) switch { 0 => (long?)me, 1 => someoneElse, _ => null },
        })).ToList();
        IReadOnlyList<RecordData> all = await Records.CreateManyAsync(form, payloads, User(1));
        // My department (me and someone else: a set, not one owner), the pool, or the north.
        var departments = new Platform.Engine.Users.DepartmentService(Database, Clock);
        var team = await departments.CreateAsync($"Team {Guid.NewGuid():N}", null);
        await departments.SetMemberAsync(team.Id, me, null, false);
        await departments.SetMemberAsync(team.Id, someoneElse, null, false);
        var scope = new OrFilter([Condition.Of("owner", "eq", "myDepartment"), Condition.Of("owner", "isEmpty"), Condition.Of("region", "eq", "north")]);
        var caller = User(me) with { Access = new GivenAccess(scope) };
        var third = await TestUsers.AddAsync(Database, $"{Guid.NewGuid():N}@example.com");
        all = [.. all, .. await Records.CreateManyAsync(form, Enumerable.Range(0, 20).Select(i => Json.From(new { amount = i % 11, region = "south", owner = third })).ToList(), User(1))];
        var expected = all.Where(r => r.Owner == me || r.Owner == someoneElse || r.Owner is null || (string?)r.Values["region"] == "north")
            .Where(r => Amount(r) != 5)
            .OrderByDescending(Amount).ThenByDescending(r => r.Id)
            .Select(r => r.Id).ToList();
        var request = new QueryRequest
        {
            Filter = Condition.Of("amount", "ne", 5),
            Sort = [new SortKey("amount", Descending: true)],
            PageSize = 7,
        };

        var byCursor = new List<long>();
        QueryResult? page = null;
        do
        {
            page = await Records.QueryAsync(form, request with { After = page?.Next }, caller);
            byCursor.AddRange(page.Items.Select(r => r.Id));
        }
        while (page.Next is not null);
        var byOffset = new List<long>();
        for (var offset = 0; offset < expected.Count; offset += 7)
            byOffset.AddRange((await Records.QueryAsync(form, request with { Offset = offset }, caller)).Items.Select(r => r.Id));
        var counted = await Records.QueryAsync(form, request with { Count = true }, caller);

        Assert.That(expected, Has.Count.GreaterThan(40), "enough records for several pages");
        Assert.That(byCursor, Is.EqualTo(expected));
        Assert.That(byOffset, Is.EqualTo(expected));
        Assert.That(counted.Total, Is.EqualTo(expected.Count));
    }

    // NULL sorts as the smallest value.
    private static decimal Amount(RecordData record) =>
        record.Values["amount"] is { } amount ? Convert.ToDecimal(amount, System.Globalization.CultureInfo.InvariantCulture) : decimal.MinValue;
}
