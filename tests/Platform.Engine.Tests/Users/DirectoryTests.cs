using Platform.Engine.Forms;
using Platform.Engine.Users;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Users;

/// <summary>People's profiles, disabling them, and roles per app.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class DirectoryTests(TestDatabase target) : EngineFixture(target)
{
    private UserService _users = null!;
    private RoleService _roles = null!;

    [OneTimeSetUp]
    public void Services()
    {
        _users = new UserService(Database, Clock);
        _roles = new RoleService(Database, Clock);
    }

    [Test]
    public async Task A_profile_keeps_what_was_not_changed()
    {
        var user = await NewUserAsync();

        await _users.UpdateAsync(user, new ProfileChange(Name: "李雷", Phone: "+86 138 0000 0000", Locale: "zh-CN", TimeZone: "Asia/Shanghai"));
        var renamed = await _users.UpdateAsync(user, new ProfileChange(Name: "Li Lei"));

        Assert.That((renamed.Name, renamed.Phone, renamed.Locale, renamed.TimeZone, renamed.Active), Is.EqualTo(("Li Lei", "+86 138 0000 0000", "zh-CN", "Asia/Shanghai", true)));
        Assert.That((await _users.ListAsync()).Select(u => u.Id), Does.Contain(user));
    }

    [Test]
    public async Task A_bad_profile_is_refused_field_by_field_and_nothing_changes()
    {
        var user = await NewUserAsync();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => _users.UpdateAsync(user,
            new ProfileChange(Name: new string('n', 101), Phone: "call me", Locale: "fr", TimeZone: "Mars/Olympus")));

        Assert.That(error!.Errors.Select(e => (e.Field, e.Code)), Is.EquivalentTo(new[]
        {
            ("name", "text.tooLong"), ("phone", "format.phone"), ("locale", "user.locale"), ("timeZone", "user.timeZone"),
        }));
        Assert.That(error.Errors.Single(e => e.Field == "timeZone").Message("zh-CN"), Does.Contain("Mars/Olympus").And.Contain("时区"));
        Assert.That((await _users.GetAsync(user)).Name, Is.EqualTo("Someone"));
        await Assert.ThrowsAsync<NotFoundException>(() => _users.UpdateAsync(999_999, new ProfileChange(Name: "x")));
    }

    [Test]
    public async Task A_disabled_user_cannot_sign_in_or_use_a_token_and_can_be_enabled_again()
    {
        var email = $"u{Guid.NewGuid():N}@example.com";
        var user = (await _users.CreateAsync(email, "long enough password", "Someone", isAdmin: false)).Id;
        var token = (await _users.IssueTokenAsync(email, "long enough password"))!;

        var disabled = await _users.SetActiveAsync(user, active: false);

        Assert.That(disabled.Active, Is.False);
        Assert.That(await _users.AuthenticateAsync(token.Token), Is.Null);
        Assert.That(await _users.IssueTokenAsync(email, "long enough password"), Is.Null);
        await _users.SetActiveAsync(user, active: true);
        Assert.That(await _users.IssueTokenAsync(email, "long enough password"), Is.Not.Null);
    }

    [Test]
    public async Task Roles_belong_to_an_app_and_hold_users()
    {
        var app = await NewAppAsync();
        var (a, b) = (await NewUserAsync(), await NewUserAsync());

        await _roles.CreateAsync(app, "sales", new LocalizedText("Sales"));
        await _roles.CreateAsync(app, "manager", new LocalizedText("Manager"));
        await _roles.AddMemberAsync(app, "sales", a);
        await _roles.AddMemberAsync(app, "sales", b);
        await _roles.AddMemberAsync(app, "sales", b);
        await _roles.AddMemberAsync(app, "manager", b);
        await _roles.RemoveMemberAsync(app, "sales", a);
        await _roles.RenameAsync(app, "manager", new LocalizedText("Sales manager"));

        var roles = await _roles.ListAsync(app);
        Assert.That(roles.Select(r => (r.Key, r.Name.Resolve(), string.Join(",", r.Members))),
            Is.EqualTo(new[] { ("manager", "Sales manager", $"{b}"), ("sales", "Sales", $"{b}") }));
        Assert.That(await _roles.OfUserAsync(b), Is.EqualTo(new[] { (app, "manager"), (app, "sales") }));
        await _roles.DeleteAsync(app, "manager");
        Assert.That((await _roles.ListAsync(app)).Select(r => r.Key), Is.EqualTo(new[] { "sales" }));
    }

    [Test]
    public async Task Bad_roles_are_refused_with_their_reason()
    {
        var app = await NewAppAsync();
        await _roles.CreateAsync(app, "sales", new LocalizedText("Sales"));

        var duplicate = await Assert.ThrowsAsync<ConflictException>(() => _roles.CreateAsync(app, "sales", new LocalizedText("Again")));
        var badKey = await Assert.ThrowsAsync<ValidationFailedException>(() => _roles.CreateAsync(app, "1 bad", new LocalizedText(" ")));
        var noUser = await Assert.ThrowsAsync<ValidationFailedException>(() => _roles.AddMemberAsync(app, "sales", 999_999));
        var noRole = await Assert.ThrowsAsync<NotFoundException>(() => _roles.AddMemberAsync(app, "nope", 1));
        var noApp = await Assert.ThrowsAsync<NotFoundException>(() => _roles.ListAsync("no_such_app"));

        Assert.That(duplicate!.Code, Is.EqualTo("role.exists"));
        Assert.That(badKey!.Errors.Select(e => (e.Field, e.Code)), Is.EquivalentTo(new[] { ("key", "key.invalid"), ("name", "required") }));
        Assert.That(noUser!.Errors.Single().Code, Is.EqualTo("user.missing"));
        Assert.That((noRole!.Code, noApp!.Code), Is.EqualTo(("role.notFound", "app.notFound")));
    }

    private async Task<long> NewUserAsync() =>
        (await _users.CreateAsync($"u{Guid.NewGuid():N}@example.com", "long enough password", "Someone", isAdmin: false)).Id;
}
