using Platform.Engine.Validation;
using Platform.Engine.Workflows.Runs;

namespace Platform.Engine.Tests.Workflows;

/// <summary>
/// Approvals in a workflow: whom they ask, what those people see, deciding (approve, reject, return, hand on) with
/// comments, any-one or all, due times that remind or decide, cancelling, and two approvers deciding at once.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class ApprovalTests(TestDatabase target) : WorkflowFixture(target)
{
    private const string BigDeal = """
        { "key": "bigDeal", "form": "deal", "trigger": { "type": "recordCreated", "condition": "amount > 10000" },
          "steps": [
            { "id": "ask", "type": "approval", "approvers": [ { "managerOf": "owner" }, { "field": "manager" } ], "mode": "MODE",
              "title": "'Discount for ' & name", "show": [ "name", "amount" ], "rejected": "refused", "returned": "back" DUE },
            { "id": "ok", "type": "updateRecord", "values": { "stage": "'won'" }, "next": "end" },
            { "id": "refused", "type": "updateRecord", "values": { "note": "'refused'" }, "next": "end" },
            { "id": "back", "type": "updateRecord", "values": { "note": "'returned'" } } ] }
        """;

    private sealed record People(string App, Platform.Engine.Models.FormModel Deals, long Rep, long Boss, long Finance, long Other);

    private async Task<People> SetUpAsync(string mode = "any", string due = "")
    {
        var app = await NewAppAsync();
        var deals = await PublishAsync(app, DealForm);
        var rep = await TestUsers.AddAsync(Database, $"rep-{app}@example.com");
        var boss = await TestUsers.AddAsync(Database, $"boss-{app}@example.com");
        var finance = await TestUsers.AddAsync(Database, $"finance-{app}@example.com");
        var other = await TestUsers.AddAsync(Database, $"other-{app}@example.com");
        var team = await Departments.CreateAsync($"Sales {app}", null);
        await Departments.SetMemberAsync(team.Id, rep, isPrimary: true, isManager: false);
        await Departments.SetMemberAsync(team.Id, boss, isPrimary: true, isManager: true);
        await EnableAsync(app, BigDeal.Replace("MODE", mode).Replace("DUE", due));
        return new People(app, deals, rep, boss, finance, other);
    }

    private async Task<long> NewDealAsync(People people, decimal amount = 50000)
    {
        var deal = await Records.CreateAsync(people.Deals, Json.From(new { name = "Acme", amount, stage = "lead", manager = people.Finance }), User(people.Rep));
        await SettleAsync();
        return deal.Id;
    }

    private async Task<RunInfo> RunOfAsync(People people) => (await Runs.ListAsync(people.App, "bigDeal")).Single(r => r.Status != RunStatus.Skipped);

    [Test]
    public async Task A_big_deal_waits_for_an_approver_who_sees_only_the_fields_shown_and_goes_on_when_approved()
    {
        var people = await SetUpAsync();
        var small = await Records.CreateAsync(people.Deals, Json.From(new { name = "Tiny", amount = 10, manager = people.Finance }), User(people.Rep));
        var deal = await NewDealAsync(people);

        var run = await RunOfAsync(people);
        Assert.That((run.RecordId, run.Status, run.Step), Is.EqualTo(((long?)deal, RunStatus.Awaiting, "ask")), "only the big deal waits; the small one asks nobody");
        var mine = await Approvals.MineAsync(people.Boss);
        Assert.That(mine, Has.Count.EqualTo(1));
        var approval = mine[0];
        Assert.That((approval.Title, approval.Status, approval.SubmitterId, approval.RecordId), Is.EqualTo(("Discount for Acme", "pending", (long?)people.Rep, (long?)deal)));
        Assert.That(approval.Values!.ToJsonString(), Is.EqualTo("""{"name":"Acme","amount":50000}"""), "the approvers see what was asked about, nothing else");
        Assert.That(approval.Tasks.Select(t => (t.UserId, t.Status)), Is.EquivalentTo(new[] { (people.Boss, "pending"), (people.Finance, "pending") }));
        Assert.That((await Notifications.ListAsync(people.Finance)).Items.Select(n => n.Title), Is.EqualTo(new[] { "Approval needed: Discount for Acme" }));
        Assert.That(await Approvals.MineAsync(people.Rep), Is.Empty, "the submitter has nothing to decide");
        Assert.That(await Approvals.MineAsync(people.Boss, pendingOnly: false), Has.Count.EqualTo(1));

        // Nobody else decides, or even sees it; a decision that is no decision is refused.
        await Assert.ThrowsAsync<NotFoundException>(() => Approvals.DecideAsync(approval.Id, "approve", null, User(people.Other)));
        await Assert.ThrowsAsync<NotFoundException>(() => Approvals.GetAsync(approval.Id, User(people.Other)));
        Assert.That((await Assert.ThrowsAsync<ForbiddenException>(() => Approvals.DecideAsync(approval.Id, "approve", null, User(people.Rep))))!.Code,
            Is.EqualTo("approval.notYours"), "the submitter sees it but does not approve it");
        Assert.That((await Assert.ThrowsAsync<NotFoundException>(() => Approvals.DecideAsync(approval.Id, "maybe", null, User(people.Boss))))!.Code,
            Is.EqualTo("approval.decision"));

        var decided = await Approvals.DecideAsync(approval.Id, "approve", "  Fine by me ", User(people.Boss));
        Assert.That(decided.Status, Is.EqualTo("approved"));
        Assert.That(decided.Tasks.Select(t => (t.UserId, t.Status, t.Comment)),
            Is.EquivalentTo(new[] { (people.Boss, "approved", "Fine by me"), (people.Finance, "closed", (string?)null) }), "one approval is enough with any");
        await SettleAsync();

        Assert.That((await Records.GetAsync(people.Deals, deal, User())).Values["stage"], Is.EqualTo("won"));
        Assert.That((await RunOfAsync(people)).Status, Is.EqualTo(RunStatus.Completed));
        Assert.That((await Notifications.ListAsync(people.Rep)).Items.Select(n => n.Title), Does.Contain("Approved: Discount for Acme"));
        Assert.That(await Approvals.MineAsync(people.Finance), Is.Empty);
        var settled = await Assert.ThrowsAsync<ConflictException>(() => Approvals.DecideAsync(approval.Id, "reject", "too late", User(people.Finance)));
        Assert.That(settled!.Code, Is.EqualTo("approval.settled"));
        Assert.That((await Records.GetAsync(people.Deals, small.Id, User())).Values["stage"], Is.Null);
    }

    [Test]
    public async Task With_all_every_approver_must_approve_and_one_rejection_with_a_reason_takes_the_rejected_way()
    {
        var people = await SetUpAsync("all");
        var deal = await NewDealAsync(people);
        var approval = (await Approvals.MineAsync(people.Boss))[0];

        Assert.That((await Approvals.DecideAsync(approval.Id, "approve", null, User(people.Boss))).Status, Is.EqualTo("pending"));
        await SettleAsync();
        Assert.That((await RunOfAsync(people)).Status, Is.EqualTo(RunStatus.Awaiting), "still waiting on finance");

        var reasonless = await Assert.ThrowsAsync<ValidationFailedException>(() => Approvals.DecideAsync(approval.Id, "reject", "  ", User(people.Finance)));
        Assert.That(reasonless!.Errors.Single().Code, Is.EqualTo("approval.commentRequired"));
        Assert.That(Messages.Format("approval.commentRequired", "zh-CN"), Does.Contain("驳回"));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Approvals.DecideAsync(approval.Id, "reject", new string('x', 2001), User(people.Finance)));
        Assert.That((await Approvals.GetAsync(approval.Id, User(people.Finance))).Status, Is.EqualTo("pending"), "a refused decision changes nothing");

        await Approvals.DecideAsync(approval.Id, "reject", "Margin too thin", User(people.Finance));
        await SettleAsync();
        var record = await Records.GetAsync(people.Deals, deal, User());
        Assert.That((record.Values["note"], record.Values["stage"]), Is.EqualTo(("refused", "lead")));
        var log = await Runs.GetAsync(people.App, (await RunOfAsync(people)).Id);
        Assert.That(log.Steps.Select(s => s.Step), Is.EqualTo(new[] { "ask", "ask", "refused" }), "asked, then decided, then the rejected way");
        Assert.That((await Notifications.ListAsync(people.Rep)).Items.Select(n => n.Title), Does.Contain("Rejected: Discount for Acme"));
    }

    [Test]
    public async Task An_approver_hands_it_on_and_the_new_one_returns_it_to_the_submitter()
    {
        var people = await SetUpAsync();
        var deal = await NewDealAsync(people);
        var approval = (await Approvals.MineAsync(people.Boss))[0];

        Assert.That((await Assert.ThrowsAsync<ValidationFailedException>(() => Approvals.TransferAsync(approval.Id, people.Boss, null, User(people.Boss))))!
            .Errors.Single().Code, Is.EqualTo("approval.toSelf"));
        Assert.That((await Assert.ThrowsAsync<ValidationFailedException>(() => Approvals.TransferAsync(approval.Id, 999_999, null, User(people.Boss))))!
            .Errors.Single().Code, Is.EqualTo("user.missing"));
        Assert.That((await Assert.ThrowsAsync<ValidationFailedException>(() => Approvals.TransferAsync(approval.Id, people.Finance, null, User(people.Boss))))!
            .Errors.Single().Code, Is.EqualTo("approval.alreadyAsked"));

        var handed = await Approvals.TransferAsync(approval.Id, people.Other, "You know this client", User(people.Boss));
        Assert.That(handed.Tasks.Select(t => (t.UserId, t.Status, t.TransferredTo)), Is.EquivalentTo(new[]
        {
            (people.Boss, "transferred", (long?)people.Other), (people.Finance, "pending", null), (people.Other, "pending", null),
        }));
        Assert.That((await Notifications.ListAsync(people.Other)).Items.Select(n => n.Title), Is.EqualTo(new[] { "Approval needed: Discount for Acme" }));
        await Assert.ThrowsAsync<ForbiddenException>(() => Approvals.DecideAsync(approval.Id, "approve", null, User(people.Boss)));
        Assert.That((await Approvals.GetAsync(approval.Id, User(people.Boss))).Id, Is.EqualTo(approval.Id), "who handed it on still sees it");

        await Approvals.DecideAsync(approval.Id, "return", "Add the signed quote", User(people.Other));
        await SettleAsync();
        Assert.That((await Records.GetAsync(people.Deals, deal, User())).Values["note"], Is.EqualTo("returned"));
        Assert.That((await Notifications.ListAsync(people.Rep)).Items.Select(n => n.Title), Does.Contain("Returned to you: Discount for Acme"));
    }

    [Test]
    public async Task Past_its_due_time_it_reminds_each_time_the_span_passes()
    {
        var people = await SetUpAsync(due: """, "due": { "hours": 24 }, "onDue": "remind" """);
        await NewDealAsync(people);
        var approval = (await Approvals.MineAsync(people.Boss))[0];
        Assert.That(approval.DueAt, Is.EqualTo(Clock.GetUtcNow().UtcDateTime.AddHours(24)));

        Clock.Advance(TimeSpan.FromHours(23));
        await SettleAsync();
        Assert.That((await Notifications.ListAsync(people.Boss)).Items, Has.Count.EqualTo(1), "not due yet");
        Clock.Advance(TimeSpan.FromHours(1));
        await SettleAsync();
        Clock.Advance(TimeSpan.FromHours(24));
        await SettleAsync();
        await SettleAsync();

        Assert.That((await Notifications.ListAsync(people.Boss)).Items.Count(n => n.Title.StartsWith("Reminder", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That((await Approvals.GetAsync(approval.Id, User(people.Boss))).Status, Is.EqualTo("pending"));
        Assert.That((await RunOfAsync(people)).Status, Is.EqualTo(RunStatus.Waiting));

        // Decided between two reminders: the run goes on at once, not at the next reminder.
        await Approvals.DecideAsync(approval.Id, "approve", null, User(people.Finance));
        await SettleAsync();
        Assert.That((await RunOfAsync(people)).Status, Is.EqualTo(RunStatus.Completed));
    }

    [Test]
    public async Task A_due_time_that_approves_decides_by_itself_and_a_cancelled_run_closes_its_approval()
    {
        var people = await SetUpAsync(due: """, "due": { "days": 2 }, "onDue": "approve" """);
        var deal = await NewDealAsync(people);
        Clock.Advance(TimeSpan.FromDays(2));
        await SettleAsync();
        Assert.That((await Records.GetAsync(people.Deals, deal, User())).Values["stage"], Is.EqualTo("won"));
        var approval = (await Approvals.MineAsync(people.Boss, pendingOnly: false))[0];
        Assert.That((approval.Status, approval.Tasks.All(t => t.Status == "closed")), Is.EqualTo(("approved", true)));

        var second = await NewDealAsync(people);
        var run = (await Runs.ListAsync(people.App, "bigDeal")).First(r => r.RecordId == second);
        await Runs.CancelAsync(people.App, run.Id);
        var cancelled = (await Approvals.MineAsync(people.Boss, pendingOnly: false)).First(a => a.RecordId == second);
        Assert.That((cancelled.Status, cancelled.Tasks.All(t => t.Status == "closed")), Is.EqualTo(("cancelled", true)));
        Assert.That(await Approvals.MineAsync(people.Boss), Is.Empty);
        Clock.Advance(TimeSpan.FromDays(3));
        await SettleAsync();
        Assert.That((await Records.GetAsync(people.Deals, second, User())).Values["stage"], Is.EqualTo("lead"), "a cancelled run does not go on");
    }

    [Test]
    public async Task Two_approvers_approving_at_once_settle_it_once()
    {
        var people = await SetUpAsync("all");
        var deal = await NewDealAsync(people);
        var approval = (await Approvals.MineAsync(people.Boss))[0];

        await Task.WhenAll(Approvals.DecideAsync(approval.Id, "approve", null, User(people.Boss)),
            Approvals.DecideAsync(approval.Id, "approve", null, User(people.Finance)));
        await SettleAsync();

        Assert.That((await Approvals.GetAsync(approval.Id, User(people.Boss))).Status, Is.EqualTo("approved"));
        Assert.That((await RunOfAsync(people)).Status, Is.EqualTo(RunStatus.Completed), "the last approval is never missed");
        Assert.That((await Records.GetAsync(people.Deals, deal, User())).Values["stage"], Is.EqualTo("won"));
        Assert.That((await Notifications.ListAsync(people.Rep)).Items.Count(n => n.Title.StartsWith("Approved", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public async Task Nobody_to_ask_fails_the_run_visibly_and_a_simulation_lists_whom_it_would_ask()
    {
        var people = await SetUpAsync();
        var orphan = await Records.CreateAsync(people.Deals, Json.From(new { name = "Lone", amount = 20000 }), User(people.Other));
        await SettleAsync();
        var run = (await Runs.ListAsync(people.App, "bigDeal")).Single(r => r.RecordId == orphan.Id);
        Assert.That((run.Status, run.Error!.Errors.Single().Code), Is.EqualTo((RunStatus.Failed, "approval.nobody")), "no manager, no manager field");

        var deal = await Records.CreateAsync(people.Deals, Json.From(new { name = "Acme", amount = 20000, manager = people.Finance }), User(people.Rep));
        var simulated = await Runner.SimulateAsync(people.App, "bigDeal", deal.Id, User());
        Assert.That(simulated.Steps.Select(s => s.Step), Is.EqualTo(new[] { "ask", "ok" }), "a simulation goes on as if approved");
        Assert.That(simulated.Steps[0].Would!["asked"]!.AsArray().Select(u => (long)u!), Is.EquivalentTo(new[] { people.Boss, people.Finance }));
    }

    [TestCase("""{ "id": "a", "type": "approval", "approvers": [] }""", "steps[0].approvers", "workflow.noApprover")]
    [TestCase("""{ "id": "a", "type": "approval", "approvers": [ { "role": "nope" } ] }""", "steps[0].approvers[0].role", "role.notFound")]
    [TestCase("""{ "id": "a", "type": "approval", "approvers": [ { "field": "name" } ] }""", "steps[0].approvers[0].field", "workflow.notUserField")]
    [TestCase("""{ "id": "a", "type": "approval", "approvers": [ { "user": 1 } ], "mode": "most" }""", "steps[0].mode", "workflow.approvalMode")]
    [TestCase("""{ "id": "a", "type": "approval", "approvers": [ { "user": 1 } ], "onDue": "approve" }""", "steps[0].due", "required")]
    [TestCase("""{ "id": "a", "type": "approval", "approvers": [ { "user": 1 } ], "due": { "hours": 1 }, "onDue": "shrug" }""", "steps[0].onDue", "workflow.approvalOnDue")]
    [TestCase("""{ "id": "a", "type": "approval", "approvers": [ { "user": 1 } ], "show": [ "nope" ] }""", "steps[0].show[0]", "unknownField")]
    [TestCase("""{ "id": "a", "type": "approval", "approvers": [ { "user": 1 } ], "rejected": "nowhere" }""", "steps[0]", "workflow.unknownStep")]
    public async Task A_bad_approval_is_refused_at_publish_by_place(string step, string place, string code)
    {
        var app = await NewAppAsync();
        await PublishAsync(app, DealForm);
        Assert.That(await RefusedStepAsync(app, "deal", step), Does.Contain((place, code)));
    }
}
