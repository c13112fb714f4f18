using Platform.Engine.Models;
using Platform.Engine.Records.Query;
using Platform.Engine.Users;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Records;

/// <summary>
/// Records name people and departments of the directory, checked when written; filters can name the caller's place in
/// the organisation: <c>me</c>, <c>myDepartment</c> and <c>myDepartmentAndBelow</c>.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class OrganisationFilterTests(TestDatabase target) : EngineFixture(target)
{
    private const string Lead = """
        { "key": "lead", "fields": [
            { "key": "name", "type": "text" },
            { "key": "team", "type": "department" },
            { "key": "watchers", "type": "user", "multiple": true } ] }
        """;

    private FormModel _lead = null!;
    private long _manager, _east, _west, _eastRep, _shanghaiRep, _outsider;
    private long _sales, _eastTeam, _shanghai, _westTeam;

    [OneTimeSetUp]
    public async Task OrganiseAsync()
    {
        var users = new UserService(Database, Clock);
        var departments = new DepartmentService(Database, Clock);
        async Task<long> Person(string name) => (await users.CreateAsync($"{name}{Guid.NewGuid():N}@example.com", "long enough password", name, false)).Id;
        (_manager, _east, _west, _eastRep, _shanghaiRep, _outsider) =
            (await Person("manager"), await Person("east"), await Person("west"), await Person("eastrep"), await Person("shrep"), await Person("outsider"));
        _sales = (await departments.CreateAsync("Sales", null)).Id;
        _eastTeam = (await departments.CreateAsync("East", _sales)).Id;
        _shanghai = (await departments.CreateAsync("上海", _eastTeam)).Id;
        _westTeam = (await departments.CreateAsync("West", _sales)).Id;
        await departments.SetMemberAsync(_sales, _manager, null, isManager: true);
        await departments.SetMemberAsync(_eastTeam, _east, null, isManager: true);
        await departments.SetMemberAsync(_eastTeam, _eastRep, null, false);
        await departments.SetMemberAsync(_shanghai, _shanghaiRep, null, false);
        await departments.SetMemberAsync(_westTeam, _west, null, false);

        _lead = await PublishAsync(await NewAppAsync(), Lead);
        foreach (var (owner, team) in new[] { (_manager, _sales), (_east, _eastTeam), (_eastRep, _eastTeam), (_shanghaiRep, _shanghai), (_west, _westTeam), (_outsider, 0L) })
        {
            var json = team == 0 ? $$"""{ "name": "of {{owner}}", "owner": {{owner}} }""" : $$"""{ "name": "of {{owner}}", "owner": {{owner}}, "team": {{team}}, "watchers": [{{_manager}}] }""";
            await Records.CreateAsync(_lead, Json.Of(json), User(_manager));
        }
    }

    [Test]
    public async Task Me_is_the_caller_on_a_user_field()
    {
        Assert.That(await OwnersAsync("owner", "eq", "me", _eastRep), Is.EquivalentTo(new[] { _eastRep }));
    }

    [Test]
    public async Task My_department_on_a_user_field_is_everyone_in_the_callers_departments()
    {
        Assert.That(await OwnersAsync("owner", "eq", "myDepartment", _eastRep), Is.EquivalentTo(new[] { _east, _eastRep }));
        Assert.That(await OwnersAsync("owner", "eq", "myDepartment", _outsider), Is.Empty, "no department, no colleagues");
    }

    [Test]
    public async Task My_department_and_below_reaches_every_level_under_the_callers_departments()
    {
        Assert.That(await OwnersAsync("owner", "eq", "myDepartmentAndBelow", _east), Is.EquivalentTo(new[] { _east, _eastRep, _shanghaiRep }));
        Assert.That(await OwnersAsync("owner", "eq", "myDepartmentAndBelow", _manager), Is.EquivalentTo(new[] { _manager, _east, _eastRep, _shanghaiRep, _west }));
        Assert.That(await OwnersAsync("owner", "ne", "myDepartmentAndBelow", _east), Is.EquivalentTo(new[] { _manager, _west, _outsider }),
            "not in the set: the rest, including those in no department");
    }

    [Test]
    public async Task My_department_on_a_department_field_is_the_callers_departments_and_below_them()
    {
        Assert.That(await OwnersAsync("team", "eq", "myDepartment", _east), Is.EquivalentTo(new[] { _east, _eastRep }));
        Assert.That(await OwnersAsync("team", "eq", "myDepartmentAndBelow", _east), Is.EquivalentTo(new[] { _east, _eastRep, _shanghaiRep }));
    }

    [Test]
    public async Task A_multiple_user_field_contains_people_of_my_department()
    {
        Assert.That(await OwnersAsync("watchers", "contains", "myDepartment", _manager), Has.Count.EqualTo(5));
        Assert.That(await OwnersAsync("watchers", "contains", "myDepartment", _west), Is.Empty);
    }

    [Test]
    public async Task An_operator_that_cannot_take_a_set_is_refused_naming_it()
    {
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => OwnersAsync("owner", "gt", "myDepartment", _east));

        Assert.That(error!.Errors.Single().Code, Is.EqualTo("filter.value").Or.EqualTo("filter.operatorNotForField"));
        Assert.That(error.Errors.Single().Message("zh-CN"), Does.Not.Contain("filter."));
    }

    [Test]
    public async Task An_owner_or_department_missing_from_the_directory_is_refused_and_nothing_is_written()
    {
        var before = (await Records.QueryAsync(_lead, new QueryRequest { Count = true }, User())).Total;

        var owner = await Assert.ThrowsAsync<ValidationFailedException>(() => Records.CreateAsync(_lead, Json.Of("""{ "name": "x", "owner": 999999 }"""), User(_manager)));
        var team = await Assert.ThrowsAsync<ValidationFailedException>(() => Records.CreateAsync(_lead, Json.Of("""{ "name": "x", "team": 888888 }"""), User(_manager)));
        var batch = await Assert.ThrowsAsync<ValidationFailedException>(() => Records.CreateManyAsync(_lead,
            [Json.Of($$"""{ "name": "fine", "team": {{_westTeam}} }"""), Json.Of("""{ "name": "x", "watchers": [777777] }""")], User(_manager)));

        Assert.That(owner!.Errors.Select(e => (e.Field, e.Code)), Is.EqualTo(new[] { ("owner", "user.missing") }));
        Assert.That(team!.Errors.Select(e => (e.Field, e.Code)), Is.EqualTo(new[] { ("team", "department.missing") }));
        Assert.That(team.Errors.Single().Message("zh-CN"), Is.EqualTo("部门 888888 不存在。"));
        Assert.That(batch!.Errors.Select(e => (e.Field, e.Code)), Is.EqualTo(new[] { ("[1].watchers", "user.missing") }));
        Assert.That((await Records.QueryAsync(_lead, new QueryRequest { Count = true }, User())).Total, Is.EqualTo(before));
    }

    private async Task<IReadOnlyList<long>> OwnersAsync(string field, string op, string value, long caller)
    {
        var result = await Records.QueryAsync(_lead, new QueryRequest { Filter = Condition.Of(field, op, value), PageSize = 100 }, User(caller));
        return result.Items.Select(r => r.Owner!.Value).ToList();
    }
}
