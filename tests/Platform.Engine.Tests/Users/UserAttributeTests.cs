using Platform.Engine.Forms;
using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Users;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Users;

/// <summary>
/// Attributes of people an admin defines (a sales region) and scopes that name the caller's own value:
/// <c>{"field": "region", "op": "eq", "value": {"me": "region"}}</c>. A changed value counts on the next request.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class UserAttributeTests(TestDatabase target) : EngineFixture(target)
{
    private const string Password = "long enough password";
    private UserService _users = null!;
    private UserAttributes _attributes = null!;
    private PermissionService _permissions = null!;
    private AccessResolver _resolver = null!;
    private string _app = null!;
    private FormModel _account = null!;

    [OneTimeSetUp]
    public async Task DefineAsync()
    {
        _users = new UserService(Database, Clock);
        _attributes = new UserAttributes(Database, Clock);
        _permissions = new PermissionService(Database, Forms, Clock);
        _resolver = new AccessResolver(Database);
        await _attributes.SetAsync("region", "Sales region");
        _app = await NewAppAsync();
        _account = await PublishAsync(_app, """{ "key": "account", "fields": [ { "key": "name", "type": "text" }, { "key": "region", "type": "text" } ] }""");
        var roles = new RoleService(Database, Clock);
        await roles.CreateAsync(_app, "regional", new LocalizedText("Regional"));
        await _permissions.SetAsync(_app, "regional", "account", Json.Of("""
            { "actions": ["read"], "read": { "filter": { "field": "region", "op": "eq", "value": { "me": "region" } } } }
            """));
        foreach (var (name, region) in new[] { ("A", "east"), ("B", "east"), ("C", "west"), ("D", (string?)null) })
            await Records.CreateAsync(_account, Json.From(new { name, region }), User());
    }

    /// <summary>A new member of the regional role, signed in; the caller built as a request builds it.</summary>
    private async Task<(long Id, string Token)> MemberAsync(string? region)
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        var user = await _users.CreateAsync(email, Password, "Member", false);
        await new RoleService(Database, Clock).AddMemberAsync(_app, "regional", user.Id);
        if (region is not null) await _users.UpdateAsync(user.Id, new ProfileChange { Attributes = new Dictionary<string, string?> { ["region"] = region } });
        return (user.Id, (await _users.IssueTokenAsync(email, Password))!.Token);
    }

    private async Task<CallerContext> CallerAsync(string token)
    {
        var user = (await _users.AuthenticateAsync(token))!;
        return CallerContext.ForUser(user.Id) with
        {
            Access = await _resolver.ForUserAsync(user.Id, false, user.DirectoryVersion),
            Attributes = UserAttributes.Of(await _attributes.KeysAsync(user.DirectoryVersion), user.Attributes),
        };
    }

    private async Task<IEnumerable<object?>> NamesAsync(string token, Filter? filter = null) =>
        (await Records.QueryAsync(_account, new QueryRequest { Filter = filter }, await CallerAsync(token))).Items.Select(r => r.Values["name"]);

    [Test]
    public async Task A_scope_on_the_callers_region_shows_theirs_and_follows_a_change_on_the_next_request()
    {
        var (id, token) = await MemberAsync("east");

        var east = await NamesAsync(token);
        await _users.UpdateAsync(id, new ProfileChange { Attributes = new Dictionary<string, string?> { ["region"] = "west" } });
        var west = await NamesAsync(token);
        var profile = await _users.GetAsync(id);

        Assert.That(east, Is.EquivalentTo(new[] { "A", "B" }));
        Assert.That(west, Is.EquivalentTo(new[] { "C" }));
        Assert.That(profile.Attributes, Is.EqualTo(new Dictionary<string, string> { ["region"] = "west" }));
    }

    [Test]
    public async Task Someone_without_a_value_sees_nothing_not_the_records_without_one()
    {
        var (id, token) = await MemberAsync("east");
        await _users.UpdateAsync(id, new ProfileChange { Attributes = new Dictionary<string, string?> { ["region"] = null } });

        var names = await NamesAsync(token);

        Assert.That(names, Is.Empty);
        Assert.That((await _users.GetAsync(id)).Attributes, Is.Empty);
    }

    [Test]
    public async Task A_value_that_does_not_fit_the_field_matches_nothing_rather_than_failing()
    {
        var (_, token) = await MemberAsync("east");

        var page = await Records.QueryAsync(_account, new QueryRequest { Filter = new Condition("createdBy", "eq", Json.Of("""{ "me": "region" }""")) },
            await CallerAsync(token));

        Assert.That(page.Items, Is.Empty, "\"east\" is no user id");
    }

    [Test]
    public async Task A_filter_may_name_the_callers_value_and_an_undefined_one_is_refused()
    {
        var (_, token) = await MemberAsync("east");

        var mine = await NamesAsync(token, Condition.Of("name", "ne", "A"));
        var byMine = await Records.QueryAsync(_account, new QueryRequest { Filter = new Condition("region", "eq", Json.Of("""{ "me": "region" }""")) },
            (await CallerAsync(token)) with { Access = GivenAccess.Everything });
        var error = await Assert.ThrowsAsync<ValidationFailedException>(async () => await NamesAsync(token, new Condition("region", "eq", Json.Of("""{ "me": "nope" }"""))));

        Assert.That(mine, Is.EquivalentTo(new[] { "B" }));
        Assert.That(byMine.Items.Select(r => r.Values["name"]), Is.EquivalentTo(new[] { "A", "B" }));
        Assert.That(error!.Errors.Single().Code, Is.EqualTo("filter.unknownAttribute"));
    }

    [Test]
    public async Task Undefined_attributes_bad_keys_and_long_values_are_refused_and_nothing_changes()
    {
        var (id, _) = await MemberAsync("east");

        var onUser = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _users.UpdateAsync(id, new ProfileChange("Renamed") { Attributes = new Dictionary<string, string?> { ["nope"] = "x" } }));
        var tooLong = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            _users.UpdateAsync(id, new ProfileChange { Attributes = new Dictionary<string, string?> { ["region"] = new string('x', 201) } }));
        var onPermission = await Assert.ThrowsAsync<ValidationFailedException>(() => _permissions.SetAsync(_app, "regional", "account", Json.Of("""
            { "actions": ["read"], "read": { "filter": { "field": "region", "op": "eq", "value": { "me": "nope" } } } }
            """)));
        var badKey = await Assert.ThrowsAsync<ValidationFailedException>(() => _attributes.SetAsync("1st region", "x"));
        var inUse = await Assert.ThrowsAsync<ValidationFailedException>(() => _attributes.DeleteAsync("region"));
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => _attributes.DeleteAsync("nope"));

        Assert.That(onUser!.Errors.Select(e => (e.Field, e.Code)), Is.EqualTo(new[] { ("attributes.nope", "user.unknownAttribute") }));
        Assert.That(tooLong!.Errors.Single().Code, Is.EqualTo("text.tooLong"));
        Assert.That(onPermission!.Errors.Single().Code, Is.EqualTo("filter.unknownAttribute"));
        Assert.That(badKey!.Errors.Single().Code, Is.EqualTo("attribute.key"));
        Assert.That(inUse!.Errors.Single().Code, Is.EqualTo("attribute.inUse"));
        Assert.That(missing!.Code, Is.EqualTo("attribute.notFound"));
        var profile = await _users.GetAsync(id);
        Assert.That(profile.Name, Is.EqualTo("Member"), "a refused change changes nothing");
        Assert.That(profile.Attributes["region"], Is.EqualTo("east"));
        Assert.That((await _attributes.ListAsync()).Select(a => a.Key), Is.EqualTo(new[] { "region" }));
    }
}
