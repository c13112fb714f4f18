using Platform.Engine.Users;
using Platform.Engine.Validation;
using Platform.Engine.Workflows.Runs;
using Platform.Engine.Workflows.Tasks;
using BuiltInTasks = Platform.Engine.Workflows.Tasks.TaskForm;

namespace Platform.Engine.Tests.Workflows;

/// <summary>
/// Tasks a workflow gives: the app's built-in task form (made when first needed), whom a task goes to (in turn over a
/// role), its due time and the record it is about, the assignee told in their language, and "my tasks" across apps.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class TaskTests(TestDatabase target) : WorkflowFixture(target)
{
    private TaskService Tasks => new(Database, Forms, Records);

    private const string Analysis = """
        { "key": "analysis", "form": "deal", "trigger": { "type": "recordUpdated", "fields": [ "stage" ], "condition": "stage = 'contacted'" },
          "steps": [ { "id": "support", "type": "createTask", "title": "'Needs analysis: ' & name", "assignee": { "role": "support" },
                       "due": { "days": 2 }, "note": "'Budget ' & amount" } ] }
        """;

    [Test]
    public async Task A_stage_change_gives_the_support_role_tasks_in_turn_each_due_and_linked_and_the_assignee_works_them()
    {
        var app = await NewAppAsync();
        var deals = await PublishAsync(app, DealForm);
        var first = await TestUsers.AddAsync(Database, $"s1-{app}@example.com");
        var second = await TestUsers.AddAsync(Database, $"s2-{app}@example.com");
        await new UserService(Database, Clock).UpdateAsync(second, new ProfileChange(Locale: "zh-CN"));
        await Roles.CreateAsync(app, "support", "Support");
        await Roles.AddMemberAsync(app, "support", first);
        await Roles.AddMemberAsync(app, "support", second);
        await EnableAsync(app, Analysis);

        var ids = new List<long>();
        foreach (var name in new[] { "Acme", "Globex", "Initech" })
        {
            var deal = await Records.CreateAsync(deals, Json.From(new { name, amount = 100, stage = "lead" }), User());
            await UpdateAsync(deals, deal.Id, """{ "stage": "contacted" }""");
            ids.Add(deal.Id);
        }
        await SettleAsync();

        var firsts = await Tasks.MineAsync(first);
        var seconds = await Tasks.MineAsync(second);
        Assert.That((firsts.Count, seconds.Count), Is.EqualTo((2, 1)), "in turn: one, the other, the first again");
        Assert.That(firsts.Concat(seconds).Select(t => t.Title), Is.EquivalentTo(new[] { "Needs analysis: Acme", "Needs analysis: Globex", "Needs analysis: Initech" }));
        var task = firsts[0];
        var about = ids[Array.IndexOf(["Needs analysis: Acme", "Needs analysis: Globex", "Needs analysis: Initech"], task.Title)];
        Assert.That((task.App, task.Status, task.Note, task.SourceForm, task.SourceId), Is.EqualTo((app, "open", "Budget 100", "deal", (long?)about)));
        Assert.That(task.Due, Is.EqualTo(Clock.GetUtcNow().UtcDateTime.AddDays(2)).Within(TimeSpan.FromSeconds(1)));
        var stored = await Records.GetAsync(await Forms.GetModelAsync(app, BuiltInTasks.Key), task.Id, User());
        Assert.That(stored.Owner, Is.EqualTo(first), "the assignee owns it");
        Assert.That((await Notifications.ListAsync(first)).Items.Select(n => n.Title), Does.Contain($"New task: {task.Title}"));
        Assert.That((await Notifications.ListAsync(second)).Items.Select(n => n.Title), Does.Contain($"新任务：{seconds[0].Title}"), "in the assignee's language");

        await Assert.ThrowsAsync<NotFoundException>(() => Tasks.SetStatusAsync(app, task.Id, BuiltInTasks.Done, User(second)));
        Assert.That((await Assert.ThrowsAsync<ValidationFailedException>(() => Tasks.SetStatusAsync(app, task.Id, "finished", User(first))))!.Errors[0].Code,
            Is.EqualTo("task.status"));
        Assert.That((await Tasks.SetStatusAsync(app, task.Id, BuiltInTasks.Done, User(first))).Status, Is.EqualTo("done"));
        Assert.That((await Tasks.MineAsync(first)).Select(t => t.Title), Is.EqualTo(new[] { firsts[1].Title }));
        Assert.That((await Tasks.MineAsync(first, BuiltInTasks.Done)).Single().Id, Is.EqualTo(task.Id));
        Assert.That(await Tasks.MineAsync(first, status: null), Has.Count.EqualTo(2));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Tasks.MineAsync(first, "later"));
    }

    [Test]
    public async Task A_task_for_a_field_is_due_at_a_date_formula_and_nobody_to_do_it_fails_the_run()
    {
        var app = await NewAppAsync();
        var deals = await PublishAsync(app, DealForm);
        var manager = await TestUsers.AddAsync(Database, $"m-{app}@example.com");
        await EnableAsync(app, """
            { "key": "followUp", "form": "deal", "trigger": { "type": "recordCreated" },
              "steps": [ { "id": "call", "type": "createTask", "title": "'Call ' & name", "assignee": { "field": "manager" }, "dueAt": "DATE(2031, 5, 4)" } ] }
            """);
        await Records.CreateAsync(deals, Json.From(new { name = "Acme", manager }), User());
        var orphan = await Records.CreateAsync(deals, Json.From(new { name = "Nobody's" }), User());
        await SettleAsync();

        var task = (await Tasks.MineAsync(manager)).Single();
        Assert.That(task.Due, Is.EqualTo(TimeZoneInfo.ConvertTimeToUtc(new DateTime(2031, 5, 4), Options.TimeZone)));
        var failed = (await Runs.ListAsync(app, "followUp")).Single(r => r.RecordId == orphan.Id);
        Assert.That((failed.Status, failed.Error!.Errors[0].Code), Is.EqualTo((RunStatus.Failed, "task.nobody")));
    }

    [TestCase("""{ "id": "t", "type": "createTask", "title": "'x'" }""", "steps[0].assignee", "workflow.noTaskAssignee")]
    [TestCase("""{ "id": "t", "type": "createTask", "title": "'x'", "assignee": { "field": "name" } }""", "steps[0].assignee[0].field", "workflow.notUserField")]
    [TestCase("""{ "id": "t", "type": "createTask", "assignee": { "user": 1 } }""", "steps[0].title", "required")]
    [TestCase("""{ "id": "t", "type": "createTask", "title": "'x'", "assignee": { "user": 1 }, "due": { "days": 1 }, "dueAt": "TODAY()" }""", "steps[0].due", "workflow.taskDue")]
    [TestCase("""{ "id": "t", "type": "createTask", "title": "'x'", "assignee": { "user": 1 }, "dueAt": "NOPE(1)" }""", "steps[0].dueAt", "formula.invalid")]
    public async Task A_bad_task_step_is_refused_at_publish_by_place(string step, string place, string code)
    {
        var app = await NewAppAsync();
        await PublishAsync(app, DealForm);
        Assert.That(await RefusedStepAsync(app, "deal", step), Does.Contain((place, code)));
    }
}
