using Platform.Engine.Forms;
using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Users;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Users;

/// <summary>
/// Roles' permissions, enforced in the engine: actions, row scopes for reading and for writing (the public pool
/// among them), hidden and read-only fields; what a user does not hold is refused, and nothing half changes.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class PermissionTests(TestDatabase target) : EngineFixture(target)
{
    private const string Customer = """
        { "key": "customer", "fields": [ { "key": "name", "type": "text" }, { "key": "phone", "type": "phone" },
          { "key": "amount", "type": "money" }, { "key": "note", "type": "text" } ] }
        """;

    private AccessResolver _resolver = null!;
    private PermissionService _permissions = null!;
    private RoleService _roles = null!;
    private string _app = null!;
    private FormModel _customer = null!, _note = null!;
    private long _rep, _otherRep, _manager, _outsider;
    private long _repsOwn, _otherOwn, _pooled;

    [OneTimeSetUp]
    public async Task OrganiseAsync()
    {
        _resolver = new AccessResolver(Database);
        _permissions = new PermissionService(Database, Forms, Clock);
        _roles = new RoleService(Database, Clock);
        var users = new UserService(Database, Clock);
        var departments = new DepartmentService(Database, Clock);
        async Task<long> Person(string name) => (await users.CreateAsync($"{name}{Guid.NewGuid():N}@example.com", "long enough password", name, false)).Id;
        (_rep, _otherRep, _manager, _outsider) = (await Person("rep"), await Person("other"), await Person("manager"), await Person("outsider"));
        var sales = await departments.CreateAsync("Sales", null);
        var east = await departments.CreateAsync("East", sales.Id);
        await departments.SetMemberAsync(east.Id, _rep, null, false);
        await departments.SetMemberAsync(east.Id, _otherRep, null, false);
        await departments.SetMemberAsync(sales.Id, _manager, null, isManager: true);

        _app = await NewAppAsync();
        _customer = await PublishAsync(_app, Customer);
        _note = await PublishAsync(_app, """{ "key": "note", "fields": [ { "key": "text", "type": "text" } ] }""");
        await _roles.CreateAsync(_app, "sales", new LocalizedText("Sales"));
        await _roles.CreateAsync(_app, "manager", new LocalizedText("Manager"));
        await _roles.AddMemberAsync(_app, "sales", _rep);
        await _roles.AddMemberAsync(_app, "sales", _otherRep);
        await _roles.AddMemberAsync(_app, "manager", _manager);
        await _permissions.SetAsync(_app, "sales", "customer", Json.Of("""
            { "actions": ["create", "read", "update"], "read": ["own", "pool"], "write": ["own", "pool"],
              "fields": { "amount": "hidden", "phone": "readOnly" } }
            """));
        await _permissions.SetAsync(_app, "manager", "customer", Json.Of("""
            { "actions": ["read", "update", "delete"], "read": "myDepartmentAndBelow" }
            """));

        _repsOwn = (await Records.CreateAsync(_customer, Json.Of($$"""{ "name": "Rep's", "amount": 100, "phone": "+86 1", "owner": {{_rep}} }"""), User())).Id;
        _otherOwn = (await Records.CreateAsync(_customer, Json.Of($$"""{ "name": "Other's", "amount": 200, "owner": {{_otherRep}} }"""), User())).Id;
        _pooled = (await Records.CreateAsync(_customer, Json.Of("""{ "name": "Pooled", "amount": 300 }"""), User())).Id;
        await Update(_pooled, Json.Of("""{ "owner": null }"""), User());
    }

    /// <summary>An update of a customer at the version it has now.</summary>
    private async Task<RecordData> Update(long id, System.Text.Json.JsonElement patch, CallerContext caller) =>
        await Records.UpdateAsync(_customer, id, patch, (await Records.GetAsync(_customer, id, User())).Version, caller);

    private async Task<CallerContext> As(long user) => CallerContext.ForUser(user) with { Access = await _resolver.ForUserAsync(user, isAdmin: false) };

    [Test]
    public async Task A_salesperson_reads_their_own_and_the_pool_without_the_hidden_field()
    {
        var page = await Records.QueryAsync(_customer, new QueryRequest { Count = true }, await As(_rep));
        var own = await Records.GetAsync(_customer, _repsOwn, await As(_rep));

        Assert.That(page.Items.Select(r => r.Values["name"]), Is.EquivalentTo(new[] { "Rep's", "Pooled" }));
        Assert.That(page.Total, Is.EqualTo(2));
        Assert.That(own.Values.ContainsKey("amount"), Is.False, "hidden: absent, not null");
        Assert.That(own.Values["phone"], Is.EqualTo("+86 1"), "read-only fields are shown");
        var notMine = await Assert.ThrowsAsync<NotFoundException>(() => Records.GetAsync(_customer, _otherOwn, As(_rep).Result));
        Assert.That(notMine!.Code, Is.EqualTo("record.notFound"), "outside the scope a record does not exist: 404, not 403");
    }

    [Test]
    public async Task A_filter_on_a_hidden_field_is_refused_naming_it()
    {
        var error = await Assert.ThrowsAsync<ForbiddenException>(async () =>
            await Records.QueryAsync(_customer, new QueryRequest { Filter = Condition.Of("amount", "gt", 150) }, await As(_rep)));

        Assert.That((error!.Code, error.Args.Single()), Is.EqualTo(("access.hiddenField", (object?)"amount")));
    }

    [Test]
    public async Task A_salesperson_changes_their_own_but_not_a_read_only_or_hidden_field_nor_someone_elses_record()
    {
        var rep = await As(_rep);
        var readOnly = await Assert.ThrowsAsync<ValidationFailedException>(() => Update(_repsOwn, Json.Of("""{ "phone": "+86 2" }"""), rep));
        var hidden = await Assert.ThrowsAsync<ValidationFailedException>(() => Update(_repsOwn, Json.Of("""{ "amount": 1 }"""), rep));
        var invisible = await Assert.ThrowsAsync<NotFoundException>(() => Update(_otherOwn, Json.Of("""{ "note": "x" }"""), rep));
        var givenAway = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Update(_repsOwn, Json.Of($$"""{ "owner": {{_otherRep}} }"""), rep));
        var updated = await Update(_repsOwn, Json.Of("""{ "note": "called" }"""), rep);

        Assert.That(readOnly!.Errors.Single().Code, Is.EqualTo("field.readOnly"));
        Assert.That(hidden!.Errors.Single().Field, Is.EqualTo("amount"));
        Assert.That(invisible!.Code, Is.EqualTo("record.notFound"));
        Assert.That(givenAway!.Errors.Single().Code, Is.EqualTo("record.outsideScope"), "a salesperson cannot give a customer away");
        Assert.That(updated.Values["note"], Is.EqualTo("called"));
        var asAdmin = await Records.GetAsync(_customer, _repsOwn, User());
        Assert.That((asAdmin.Owner, asAdmin.Values["phone"], asAdmin.Values["amount"]), Is.EqualTo(((long?)_rep, (object?)"+86 1", (object?)100m)));
    }

    [Test]
    public async Task A_salesperson_claims_from_the_pool_and_cannot_delete()
    {
        var rep = await As(_otherRep);
        var pooled = (await Records.CreateAsync(_customer, Json.Of("""{ "name": "To claim" }"""), User())).Id;
        await Update(pooled, Json.Of("""{ "owner": null }"""), User());

        var claimed = await Update(pooled, Json.Of($$"""{ "owner": {{_otherRep}} }"""), rep);
        var delete = await Assert.ThrowsAsync<ForbiddenException>(() => Records.DeleteAsync(_customer, pooled, 2, rep));

        Assert.That(claimed.Owner, Is.EqualTo(_otherRep));
        Assert.That((delete!.Code, delete.Args[0]), Is.EqualTo(("access.action", (object?)"delete")));
        Assert.That(Messages.Format(delete.Code, "zh-CN", delete.Args), Does.Contain("没有权限"));
    }

    /// <summary>A role that may take customers from the pool (领取) but change nothing else, and two people who want the same one.</summary>
    [Test]
    public async Task A_hunter_claims_from_the_pool_once_and_changes_nothing_else()
    {
        var users = new UserService(Database, Clock);
        async Task<CallerContext> Hunter()
        {
            var id = (await users.CreateAsync($"hunter{Guid.NewGuid():N}@example.com", "long enough password", "Hunter", false)).Id;
            await _roles.AddMemberAsync(_app, "hunter", id);
            return await As(id);
        }
        if ((await _roles.ListAsync(_app)).All(r => r.Key != "hunter"))
        {
            await _roles.CreateAsync(_app, "hunter", new LocalizedText("Hunter"));
            await _permissions.SetAsync(_app, "hunter", "customer", Json.Of("""{ "actions": ["read", "claim"], "read": ["own", "pool"] }"""));
        }
        var (first, second) = (await Hunter(), await Hunter());
        var pooled = (await Records.CreateAsync(_customer, Json.Of("""{ "name": "Wanted", "owner": null }"""), User())).Id;

        var edit = await Assert.ThrowsAsync<ForbiddenException>(() => Update(pooled, Json.Of("""{ "name": "mine now" }"""), first));
        var claimed = await Records.ClaimAsync(_customer, pooled, first);
        var again = await Records.ClaimAsync(_customer, pooled, first);
        var late = await Assert.ThrowsAsync<NotFoundException>(() => Records.ClaimAsync(_customer, pooled, second));
        var taken = await Assert.ThrowsAsync<ConflictException>(() => Records.ClaimAsync(_customer, _repsOwn, CallerContext.ForUser(first.UserId!.Value) with
        {
            Access = new GivenAccess(null) { Actions = new HashSet<RecordAction> { RecordAction.Read, RecordAction.Claim } },
        }));
        var manager = await As(_manager);
        var notAllowed = await Assert.ThrowsAsync<ForbiddenException>(() => Records.ClaimAsync(_customer, pooled, manager));

        Assert.That(edit!.Code, Is.EqualTo("access.action"), "a hunter may not edit a pooled customer");
        Assert.That((claimed.Owner, claimed.Values["name"], claimed.Version), Is.EqualTo((first.UserId, (object?)"Wanted", 2L)));
        Assert.That(again.Version, Is.EqualTo(2), "claiming one's own again changes nothing");
        Assert.That(late!.Code, Is.EqualTo("record.notFound"), "once claimed it left the pool, and the second hunter's scope");
        Assert.That(taken!.Code, Is.EqualTo("record.claimed"));
        Assert.That(notAllowed!.Args[0], Is.EqualTo("claim"));
        Assert.That((await Records.HistoryAsync(_customer, pooled, User())).Select(h => h.Kind), Is.EqualTo(new[] { "created", "updated" }));
    }

    /// <summary>An app's manager (the manage action, no admin) sets what roles may do on the form, never more than they hold.</summary>
    [Test]
    public async Task A_forms_manager_gives_roles_rights_but_never_more_than_their_own()
    {
        var users = new UserService(Database, Clock);
        var lead = (await users.CreateAsync($"lead{Guid.NewGuid():N}@example.com", "long enough password", "Lead", false)).Id;
        if ((await _roles.ListAsync(_app)).All(r => r.Key != "lead"))
        {
            await _roles.CreateAsync(_app, "lead", new LocalizedText("Team lead"));
            await _roles.CreateAsync(_app, "intern", new LocalizedText("Intern"));
            await _permissions.SetAsync(_app, "lead", "customer", Json.Of("""
                { "actions": ["read", "update", "manage"], "read": ["own", "pool"], "write": "own", "fields": { "amount": "hidden" } }
                """));
        }
        await _roles.AddMemberAsync(_app, "lead", lead);
        var asLead = await As(lead);
        async Task<string> Refused(string json) =>
            (await Assert.ThrowsAsync<ForbiddenException>(() => _permissions.SetAsync(_app, "intern", "customer", Json.Of(json), asLead)))!.Args[0]!.ToString()!;

        var given = await _permissions.SetAsync(_app, "intern", "customer", Json.Of("""
            { "actions": ["read"], "read": "own", "fields": { "amount": "hidden", "phone": "readOnly" } }
            """), asLead);
        var listed = await _permissions.ListAsync(_app, "customer", asLead);
        var action = await Refused("""{ "actions": ["read", "delete"], "read": "own", "fields": { "amount": "hidden" } }""");
        var scope = await Refused("""{ "actions": ["read"], "read": "all", "fields": { "amount": "hidden" } }""");
        var write = await Refused("""{ "actions": ["read", "update"], "read": "own", "write": "pool", "fields": { "amount": "hidden" } }""");
        var field = await Refused("""{ "actions": ["read"], "read": "own" }""");
        var rep = await As(_rep);
        var notManager = await Assert.ThrowsAsync<ForbiddenException>(() => _permissions.SetAsync(_app, "intern", "customer", Json.Of("""{ "actions": [] }"""), rep));
        var notListed = await Assert.ThrowsAsync<ForbiddenException>(() => _permissions.ListAsync(_app, "customer", rep));

        Assert.That(given.Definition["read"]!.GetValue<string>(), Is.EqualTo("own"));
        Assert.That(listed.Select(p => p.Role), Does.Contain("intern"));
        Assert.That((action, scope, write, field), Is.EqualTo(("delete", "read: \"all\"", "write: \"pool\"", "fields.amount")));
        Assert.That(Messages.Format("permission.exceeds", "zh-CN", "fields.amount"), Does.Contain("不能授予"));
        Assert.That((notManager!.Code, notManager.Args[0]), Is.EqualTo(("access.action", (object?)"manage")));
        Assert.That(notListed!.Code, Is.EqualTo("access.action"));
        Assert.That((await _permissions.ListAsync(_app, "customer")).Single(p => p.Role == "intern").Definition["actions"]!.AsArray().Count, Is.EqualTo(1),
            "nothing refused was stored");
    }

    [Test]
    public async Task A_manager_reads_and_changes_their_departments_and_below_but_cannot_create()
    {
        var manager = await As(_manager);

        var page = await Records.QueryAsync(_customer, new QueryRequest(), manager);
        var updated = await Update(_otherOwn, Json.Of("""{ "amount": 250 }"""), manager);
        var create = await Assert.ThrowsAsync<ForbiddenException>(() => Records.CreateAsync(_customer, Json.Of("""{ "name": "new" }"""), manager));

        Assert.That(page.Items.Select(r => r.Id), Is.SupersetOf(new[] { _repsOwn, _otherOwn }).And.Not.Contains(_pooled));
        Assert.That(updated.Values["amount"], Is.EqualTo(250m), "the manager's role hides nothing");
        Assert.That(create!.Args[0], Is.EqualTo("create"));
    }

    [Test]
    public async Task Someone_without_a_role_is_refused_a_secured_form_and_works_on_an_open_one()
    {
        var outsider = await As(_outsider);

        var read = await Assert.ThrowsAsync<ForbiddenException>(() => Records.QueryAsync(_customer, new QueryRequest(), outsider));
        var note = await Records.CreateAsync(_note, Json.Of("""{ "text": "open to all" }"""), outsider);

        Assert.That(read!.Code, Is.EqualTo("access.action"));
        Assert.That((await Records.GetAsync(_note, note.Id, outsider)).Values["text"], Is.EqualTo("open to all"), "no role has a permission on notes");
    }

    [Test]
    public async Task A_changed_permission_takes_effect_on_the_next_operation()
    {
        var app = await NewAppAsync();
        var form = await PublishAsync(app, Customer);
        await _roles.CreateAsync(app, "reader", new LocalizedText("Reader"));
        await _roles.AddMemberAsync(app, "reader", _outsider);
        await _permissions.SetAsync(app, "reader", "customer", Json.Of("""{ "actions": ["read"] }"""));
        Assert.That((await Records.QueryAsync(form, new QueryRequest(), await As(_outsider))).Items, Is.Empty);

        await _permissions.SetAsync(app, "reader", "customer", Json.Of("""{ "actions": [] }"""));
        await Assert.ThrowsAsync<ForbiddenException>(async () => await Records.QueryAsync(form, new QueryRequest(), await As(_outsider)));
        await _roles.RemoveMemberAsync(app, "reader", _outsider);
        await _permissions.SetAsync(app, "reader", "customer", Json.Of("""{ "actions": ["read"] }"""));
        await Assert.ThrowsAsync<ForbiddenException>(async () => await Records.QueryAsync(form, new QueryRequest(), await As(_outsider)), "no longer in the role");
    }

    [Test]
    public async Task A_formula_over_a_hidden_field_is_hidden_too_here_and_through_a_lookup()
    {
        var deal = await PublishAsync(_app, """
            { "key": "deal", "fields": [ { "key": "title", "type": "text" }, { "key": "customer", "type": "relation", "form": "customer" },
              { "key": "value", "type": "money" },
              { "key": "customerPhone", "type": "formula", "expression": "customer.phone" },
              { "key": "customerAmount", "type": "formula", "expression": "customer.amount" },
              { "key": "doubled", "type": "formula", "expression": "value * 2" },
              { "key": "quadrupled", "type": "formula", "expression": "doubled * 2" },
              { "key": "shout", "type": "formula", "expression": "UPPER(title)" } ] }
            """);
        await _permissions.SetAsync(_app, "sales", "deal", Json.Of("""{ "actions": ["read"], "fields": { "value": "hidden" } }"""));
        var created = await Records.CreateAsync(deal, Json.Of($$"""{ "title": "big", "customer": {{_repsOwn}}, "value": 10 }"""), User());

        var seen = await Records.GetAsync(deal, created.Id, await As(_rep));
        var filter = await Assert.ThrowsAsync<ForbiddenException>(async () =>
            await Records.QueryAsync(deal, new QueryRequest { Filter = Condition.Of("doubled", "gt", 1) }, await As(_rep)));

        Assert.That(seen.Values.Keys, Is.EquivalentTo(new[] { "title", "customer", "customerPhone", "shout" }),
            "phone is read-only (readable) for sales; the customer's amount and the deal's value are hidden, and so are formulas over them");
        Assert.That(seen.Values["customerPhone"], Is.EqualTo("+86 1"));
        Assert.That(filter!.Args.Single(), Is.EqualTo("doubled"));
        var asAdmin = await Records.GetAsync(deal, created.Id, User());
        Assert.That((asAdmin.Values["customerAmount"], asAdmin.Values["quadrupled"]), Is.EqualTo(((object?)100m, (object?)40m)));
    }

    [Test]
    public async Task A_bad_permission_is_refused_naming_every_problem_and_nothing_is_stored()
    {
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => _permissions.SetAsync(_app, "sales", "customer", Json.Of("""
            { "actions": ["read", "fly"], "read": ["own", "everyone", { "filter": { "field": "name", "op": "zz" } }],
              "fields": { "nope": "hidden", "name": "invisible" }, "colour": "red" }
            """)));
        var noRole = await Assert.ThrowsAsync<NotFoundException>(() => _permissions.SetAsync(_app, "ghost", "customer", Json.Of("""{ "actions": ["read"] }""")));

        Assert.That(error!.Errors.Select(e => (e.Field, e.Code)), Is.SupersetOf(new[]
        {
            ("actions[1]", "permission.action"), ("read[1]", "permission.scope"), ("fields.nope", "unknownField"),
            ("fields.name", "permission.fieldRight"), ("colour", "body.unknownProperty"),
        }));
        Assert.That(noRole!.Code, Is.EqualTo("role.notFound"));
        var stored = (await _permissions.ListAsync(_app, "customer")).Single(p => p.Role == "sales");
        Assert.That(stored.Definition["fields"]!["amount"]!.GetValue<string>(), Is.EqualTo("hidden"), "the old permission stands");
    }
}
