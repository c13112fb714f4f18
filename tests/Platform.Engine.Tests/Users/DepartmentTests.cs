using Platform.Engine.Users;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Users;

/// <summary>Departments form a tree that can be reshaped; people belong to several, one of them primary.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class DepartmentTests(TestDatabase target) : EngineFixture(target)
{
    private DepartmentService _departments = null!;
    private UserService _users = null!;

    [OneTimeSetUp]
    public void Services()
    {
        _departments = new DepartmentService(Database, Clock);
        _users = new UserService(Database, Clock);
    }

    [Test]
    public async Task A_moved_department_takes_everything_below_it_along()
    {
        var company = await _departments.CreateAsync("Company", null);
        var sales = await _departments.CreateAsync("Sales", company.Id);
        var east = await _departments.CreateAsync("East", sales.Id);
        var shanghai = await _departments.CreateAsync("上海", east.Id);
        var service = await _departments.CreateAsync("Service", company.Id);

        await _departments.UpdateAsync(east.Id, "East China", service.Id, 3);

        Assert.That(await _departments.SubtreeAsync(sales.Id), Is.EqualTo(new[] { sales.Id }));
        Assert.That(await _departments.SubtreeAsync(service.Id), Is.EquivalentTo(new[] { service.Id, east.Id, shanghai.Id }));
        Assert.That(await _departments.SubtreeAsync(company.Id), Has.Count.EqualTo(5));
        Assert.That(await _departments.GetAsync(east.Id), Is.EqualTo(new Department(east.Id, "East China", service.Id, 3)));
        await _departments.UpdateAsync(east.Id, "East China", null, 0);
        Assert.That(await _departments.SubtreeAsync(company.Id), Has.Count.EqualTo(3), "a department can become a root");
        Assert.That(await _departments.SubtreeAsync(east.Id), Is.EquivalentTo(new[] { east.Id, shanghai.Id }));
    }

    [Test]
    public async Task A_department_cannot_move_under_itself_or_below_it_and_nothing_changes()
    {
        var top = await _departments.CreateAsync("Top", null);
        var middle = await _departments.CreateAsync("Middle", top.Id);
        var bottom = await _departments.CreateAsync("Bottom", middle.Id);

        var below = await Assert.ThrowsAsync<ValidationFailedException>(() => _departments.UpdateAsync(top.Id, "Top", bottom.Id, 0));
        var itself = await Assert.ThrowsAsync<ValidationFailedException>(() => _departments.UpdateAsync(top.Id, "Top", top.Id, 0));
        var missing = await Assert.ThrowsAsync<ValidationFailedException>(() => _departments.UpdateAsync(top.Id, "Top", 987_654, 0));

        Assert.That(below!.Errors.Single().Code, Is.EqualTo("department.cycle"));
        Assert.That(below.Errors.Single().Message("zh-CN"), Does.Contain("下级部门"));
        Assert.That(itself!.Errors.Single().Code, Is.EqualTo("department.cycle"));
        Assert.That(Describe(missing!.Errors.Single()), Is.EqualTo(("parentId", "department.missing", "987654")));
        Assert.That(await _departments.SubtreeAsync(top.Id), Is.EquivalentTo(new[] { top.Id, middle.Id, bottom.Id }));
        Assert.That((await _departments.GetAsync(top.Id)).ParentId, Is.Null);
    }

    [TestCase("")]
    [TestCase("   ")]
    public async Task A_department_needs_a_name(string name)
    {
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => _departments.CreateAsync(name, null));

        Assert.That(Describe(error!.Errors.Single()), Is.EqualTo(("name", "required", "")));
    }

    [Test]
    public async Task Bad_parents_and_names_are_refused()
    {
        var tooLong = await Assert.ThrowsAsync<ValidationFailedException>(() => _departments.CreateAsync(new string('x', 101), null));
        var noParent = await Assert.ThrowsAsync<ValidationFailedException>(() => _departments.CreateAsync("Orphan", 123_456));

        Assert.That(tooLong!.Errors.Single().Code, Is.EqualTo("text.tooLong"));
        Assert.That(Describe(noParent!.Errors.Single()), Is.EqualTo(("parentId", "department.missing", "123456")));
    }

    [Test]
    public async Task A_department_with_departments_under_it_is_not_deleted_and_an_empty_one_takes_its_memberships_along()
    {
        var parent = await _departments.CreateAsync("Parent", null);
        var child = await _departments.CreateAsync("Child", parent.Id);
        var user = await NewUserAsync();
        await _departments.SetMemberAsync(child.Id, user, null, false);

        var refused = await Assert.ThrowsAsync<ConflictException>(() => _departments.DeleteAsync(parent.Id));
        await _departments.DeleteAsync(child.Id);

        Assert.That(refused!.Code, Is.EqualTo("department.hasChildren"));
        Assert.That(await _departments.OfUserAsync(user), Is.Empty);
        Assert.That(await _departments.SubtreeAsync(parent.Id), Is.EqualTo(new[] { parent.Id }));
        await Assert.ThrowsAsync<NotFoundException>(() => _departments.GetAsync(child.Id));
    }

    [Test]
    public async Task A_users_first_department_is_primary_until_another_is_made_primary_and_removing_it_promotes_the_next()
    {
        var sales = await _departments.CreateAsync("Sales", null);
        var marketing = await _departments.CreateAsync("Marketing", null);
        var user = await NewUserAsync();

        var first = await _departments.SetMemberAsync(sales.Id, user, null, isManager: true);
        var second = await _departments.SetMemberAsync(marketing.Id, user, null, isManager: false);
        Assert.That((first.IsPrimary, second.IsPrimary), Is.EqualTo((true, false)));

        await _departments.SetMemberAsync(marketing.Id, user, isPrimary: true, isManager: false);
        Assert.That((await _departments.OfUserAsync(user)).Select(m => (m.DepartmentId, m.IsPrimary, m.IsManager)),
            Is.EqualTo(new[] { (marketing.Id, true, false), (sales.Id, false, true) }));

        await _departments.RemoveMemberAsync(marketing.Id, user);
        Assert.That((await _departments.OfUserAsync(user)).Single(), Is.EqualTo(new DepartmentMember(sales.Id, user, true, true)));
        Assert.That((await _departments.MembersAsync(sales.Id)).Select(m => m.UserId), Is.EqualTo(new[] { user }));
    }

    [Test]
    public async Task Members_must_be_users_and_departments_must_exist()
    {
        var sales = await _departments.CreateAsync("Sales", null);

        var noUser = await Assert.ThrowsAsync<ValidationFailedException>(() => _departments.SetMemberAsync(sales.Id, 999_999, null, false));
        var someone = await NewUserAsync();
        await Assert.ThrowsAsync<NotFoundException>(() => _departments.SetMemberAsync(999_999, someone, null, false));
        await Assert.ThrowsAsync<NotFoundException>(() => _departments.RemoveMemberAsync(sales.Id, 999_999));

        Assert.That(Describe(noUser!.Errors.Single()), Is.EqualTo(("userId", "user.missing", "999999")));
        Assert.That(await _departments.MembersAsync(sales.Id), Is.Empty);
    }

    [Test]
    public async Task A_tree_of_five_thousand_departments_answers_a_subtree_from_its_index()
    {
        // Ten under the root, ten under each of those, and so on: 1 + 10 + 100 + 1,000 + 3,889 at the fifth level.
        var root = await _departments.CreateAsync("Group", null);
        var level = new List<long> { root.Id };
        var all = 1;
        var underTheFirst = new List<long>();
        while (all < 5000)
        {
            var parents = level;
            level = [];
            foreach (var chunk in parents.Chunk(5))
            {
                var created = await Task.WhenAll(chunk.SelectMany(parent => Enumerable.Range(0, 10).Select(i => (parent, i)))
                    .Take(5000 - all - level.Count)
                    .Select(p => _departments.CreateAsync($"D{p.parent}-{p.i}", p.parent)));
                level.AddRange(created.Select(d => d.Id));
            }
            all += level.Count;
        }
        var first = (await _departments.ListAsync()).First(d => d.ParentId == root.Id);

        var subtree = await _departments.SubtreeAsync(first.Id);
        var everything = await _departments.SubtreeAsync(root.Id);

        Assert.That(everything, Has.Count.EqualTo(5000));
        Assert.That(subtree, Has.Count.EqualTo(1 + 10 + 100 + 1000), "the first parents of a level get their ten first, so the first branch is full");
        Assert.That(subtree[0], Is.EqualTo(first.Id), "the department itself first, then by depth");
    }

    private static (string Field, string Code, string Args) Describe(ValidationError error) =>
        (error.Field, error.Code, string.Join(",", error.Args.Select(a => Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture))));

    private async Task<long> NewUserAsync() =>
        (await _users.CreateAsync($"u{Guid.NewGuid():N}@example.com", "long enough password", "Someone", isAdmin: false)).Id;
}
