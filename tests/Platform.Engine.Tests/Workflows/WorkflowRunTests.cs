using Dapper;
using Platform.Engine.Records;
using Platform.Engine.Validation;
using Platform.Engine.Workflows.Runs;

namespace Platform.Engine.Tests.Workflows;

/// <summary>Runs started by record changes and by hand: what their steps do, exactly once, and how they fail, retry and stop.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class WorkflowRunTests(TestDatabase target) : WorkflowFixture(target)
{
    [Test]
    public async Task A_new_record_is_updated_and_its_owner_told_once_by_the_workflow()
    {
        var app = await NewAppAsync();
        var deals = await PublishAsync(app, DealForm);
        var owner = await TestUsers.AddAsync(Database, $"owner-{app}@example.com");
        await EnableAsync(app, """
            { "key": "welcome", "form": "deal", "trigger": { "type": "recordCreated" },
              "steps": [
                { "id": "mark", "type": "updateRecord", "values": { "stage": "'lead'", "note": "'new: ' & name" } },
                { "id": "tell", "type": "notify", "to": [ { "field": "owner" } ], "title": "'New deal ' & name", "body": "note" } ] }
            """);

        var deal = await Records.CreateAsync(deals, Json.Of("""{ "name": "Acme" }"""), User(owner));
        await SettleAsync();
        await SettleAsync();

        var after = await Records.GetAsync(deals, deal.Id, User(owner));
        Assert.That(after.Values["stage"], Is.EqualTo("lead"));
        Assert.That(after.Values["note"], Is.EqualTo("new: Acme"));
        var history = await Records.HistoryAsync(deals, deal.Id, User(owner));
        Assert.That(history[^1].Actor.Kind, Is.EqualTo(Actor.WorkflowKind), "the change says a workflow made it");

        var page = await Notifications.ListAsync(owner);
        Assert.That(page.Items, Has.Count.EqualTo(1));
        Assert.That(page.Items[0].Title, Is.EqualTo("New deal Acme"));
        Assert.That(page.Items[0].Body, Is.EqualTo("new: Acme"), "the body is read after the step before changed the record");
        Assert.That(page.Items[0].Link, Is.EqualTo(new Notifications.NotificationLink(app, "deal", deal.Id)));
        Assert.That(page.Unread, Is.EqualTo(1));
        Assert.That(await Notifications.UnreadAsync(owner), Is.EqualTo(1), "what the bell asks");

        var runs = await Runs.ListAsync(app, "welcome");
        Assert.That(runs.Select(r => r.Status), Is.EqualTo(new[] { RunStatus.Completed }), "the workflow's own update starts no second run of a create trigger");
        var detail = await Runs.GetAsync(app, runs[0].Id);
        Assert.That(detail.Steps.Select(s => (s.Step, s.Status)), Is.EqualTo(new[] { ("mark", "done"), ("tell", "done") }));
        Assert.That(detail.Steps[1].Output!["to"]!.AsArray().Select(n => (long)n!), Is.EqualTo(new[] { owner }));

        await Notifications.MarkReadAsync(owner, page.Items[0].Id);
        Assert.That((await Notifications.ListAsync(owner)).Unread, Is.Zero);
        Assert.That(await Notifications.UnreadAsync(owner), Is.Zero);
        Assert.That(async () => await Notifications.MarkReadAsync(owner + 1, page.Items[0].Id), Throws.TypeOf<NotFoundException>(), "someone else's notification");
    }

    [Test]
    public async Task Two_workflows_started_by_one_change_that_both_write_the_record_both_finish_at_once()
    {
        var app = await NewAppAsync();
        var deals = await PublishAsync(app, DealForm);
        await EnableAsync(app, """
            { "key": "noted", "form": "deal", "trigger": { "type": "recordCreated" }, "steps": [ { "id": "s", "type": "updateRecord", "values": { "note": "'new'" } } ] }
            """);
        await EnableAsync(app, """
            { "key": "counted", "form": "deal", "trigger": { "type": "recordCreated" }, "steps": [ { "id": "s", "type": "updateRecord", "values": { "touches": "1" } } ] }
            """);

        var deal = await Records.CreateAsync(deals, Json.Of("""{ "name": "Acme" }"""), User());
        await SettleAsync();

        var after = await Records.GetAsync(deals, deal.Id, User());
        Assert.That((after.Values["note"], after.Values["touches"]), Is.EqualTo(((object?)"new", (object?)1m)),
            "the second write met the first's version, read the record again and went on, rather than waiting out a retry delay");
        foreach (var workflow in new[] { "noted", "counted" })
            Assert.That((await Runs.ListAsync(app, workflow)).Single().Status, Is.EqualTo("completed"));
    }

    [Test]
    public async Task An_update_trigger_on_chosen_fields_starts_only_when_one_of_them_really_changed()
    {
        var app = await NewAppAsync();
        var deals = await PublishAsync(app, DealForm);
        await EnableAsync(app, """
            { "key": "count", "form": "deal", "trigger": { "type": "recordUpdated", "fields": [ "stage" ] },
              "steps": [ { "id": "bump", "type": "updateRecord", "values": { "touches": "IF(ISBLANK(touches), 0, touches) + 1" } } ] }
            """);
        var deal = await Records.CreateAsync(deals, Json.Of("""{ "name": "Acme", "stage": "lead" }"""), User());

        await UpdateAsync(deals, deal.Id, """{ "amount": 100 }""");
        await UpdateAsync(deals, deal.Id, """{ "stage": "lead" }""");
        await SettleAsync();
        Assert.That(await Runs.ListAsync(app, "count"), Is.Empty, "another field changed, and a stage set to what it was is no change");

        await UpdateAsync(deals, deal.Id, """{ "stage": "contacted" }""");
        await SettleAsync();
        Assert.That((await Records.GetAsync(deals, deal.Id, User())).Values["touches"], Is.EqualTo(1m));
        Assert.That(await Runs.ListAsync(app, "count"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_branch_creates_a_task_for_big_deals_only_and_a_false_condition_skips_the_run()
    {
        var app = await NewAppAsync();
        var deals = await PublishAsync(app, DealForm);
        var tasks = await PublishAsync(app, TaskForm);
        await EnableAsync(app, """
            { "key": "big", "form": "deal", "trigger": { "type": "recordCreated", "condition": "name != 'ignore me'" },
              "steps": [
                { "id": "check", "type": "branch", "condition": "amount > 1000", "then": "task", "else": "end" },
                { "id": "task", "type": "createRecord", "form": "task", "values": { "title": "'Call ' & name", "deal_id": "id" } } ] }
            """);

        var big = await Records.CreateAsync(deals, Json.Of("""{ "name": "Big", "amount": 5000 }"""), User());
        await Records.CreateAsync(deals, Json.Of("""{ "name": "Small", "amount": 10 }"""), User());
        await Records.CreateAsync(deals, Json.Of("""{ "name": "ignore me", "amount": 9000 }"""), User());
        await SettleAsync();

        var created = await Records.QueryAsync(tasks, new Platform.Engine.Records.Query.QueryRequest(), User());
        Assert.That(created.Items.Select(t => t.Values["title"]), Is.EqualTo(new[] { "Call Big" }));
        Assert.That(created.Items[0].Values["deal_id"], Is.EqualTo((decimal)big.Id));
        var runs = await Runs.ListAsync(app, "big");
        Assert.That(runs.Select(r => r.Status), Is.EquivalentTo(new[] { RunStatus.Completed, RunStatus.Completed, RunStatus.Skipped }));
        var small = runs.Single(r => r.Status == RunStatus.Completed && r.RecordId != big.Id);
        Assert.That((await Runs.GetAsync(app, small.Id)).Steps.Select(s => s.Step), Is.EqualTo(new[] { "check" }), "the else way ends the run");
    }

    [Test]
    public async Task A_step_the_form_refuses_fails_its_run_visibly_and_a_retry_runs_it_again()
    {
        var app = await NewAppAsync();
        var deals = await PublishAsync(app, DealForm);
        var owner = await TestUsers.AddAsync(Database, $"fail-{app}@example.com");
        await EnableAsync(app, """
            { "key": "bad", "form": "deal", "trigger": { "type": "recordCreated" },
              "steps": [
                { "id": "tell", "type": "notify", "to": [ { "user": OWNER } ], "title": "'first'" },
                { "id": "set", "type": "updateRecord", "values": { "stage": "note" } } ] }
            """.Replace("OWNER", owner.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var deal = await Records.CreateAsync(deals, Json.Of("""{ "name": "Acme", "note": "nonsense" }"""), User());
        await SettleAsync();

        var run = (await Runs.ListAsync(app, "bad")).Single();
        Assert.That(run.Status, Is.EqualTo(RunStatus.Failed), "a value the form refuses fails at once: trying again would refuse it again");
        Assert.That(run.Step, Is.EqualTo("set"));
        Assert.That(run.Error!.Errors.Select(e => e.Code), Does.Contain("option.unknown"));
        Assert.That((await Notifications.ListAsync(owner)).Items, Has.Count.EqualTo(1), "the step before had committed");

        await UpdateAsync(deals, deal.Id, """{ "note": "won" }""");
        Assert.That((await Runs.RetryAsync(app, run.Id)).Status, Is.EqualTo(RunStatus.Ready));
        await SettleAsync();
        var retried = await Runs.GetAsync(app, run.Id);
        Assert.That(retried.Run.Status, Is.EqualTo(RunStatus.Completed));
        Assert.That(retried.Steps.Select(s => (s.Step, s.Status)), Is.EqualTo(new[] { ("tell", "done"), ("set", "failed"), ("set", "done") }));
        Assert.That((await Notifications.ListAsync(owner)).Items, Has.Count.EqualTo(1), "the retry starts at the failed step: nobody is told twice");
        Assert.That((await Records.GetAsync(deals, deal.Id, User())).Values["stage"], Is.EqualTo("won"));
        Assert.That(async () => await Runs.RetryAsync(app, run.Id), Throws.TypeOf<ConflictException>(), "only a failed run is retried");
    }

    [Test]
    public async Task A_workflow_that_starts_itself_is_stopped_after_the_chain_limit()
    {
        var app = await NewAppAsync();
        var deals = await PublishAsync(app, DealForm);
        await EnableAsync(app, """
            { "key": "echo", "form": "deal", "trigger": { "type": "recordUpdated" },
              "steps": [ { "id": "bump", "type": "updateRecord", "values": { "touches": "IF(ISBLANK(touches), 0, touches) + 1" } } ] }
            """);
        var deal = await Records.CreateAsync(deals, Json.Of("""{ "name": "Acme" }"""), User());
        await UpdateAsync(deals, deal.Id, """{ "note": "go" }""");
        await SettleAsync();

        var runs = await Runs.ListAsync(app, "echo");
        Assert.That(runs.Count(r => r.Status == RunStatus.Completed), Is.EqualTo(Options.MaxChain + 1));
        var stopped = runs.Single(r => r.Status == RunStatus.Failed);
        Assert.That(stopped.Error!.Errors.Single().Code, Is.EqualTo("run.loop"));
        Assert.That(stopped.Error.Errors.Single().Message("zh-CN"), Does.Contain("相互触发"));
        Assert.That((await Records.GetAsync(deals, deal.Id, User())).Values["touches"], Is.EqualTo((decimal)(Options.MaxChain + 1)));
    }

    [Test]
    public async Task A_workflow_started_by_hand_runs_for_the_caller_on_a_record_they_can_see()
    {
        var app = await NewAppAsync();
        var deals = await PublishAsync(app, DealForm);
        await EnableAsync(app, """
            { "key": "escalate", "form": "deal", "trigger": { "type": "manual", "label": { "en": "Escalate", "zh-CN": "升级" } },
              "steps": [ { "id": "mark", "type": "updateRecord", "values": { "note": "'escalated'" } } ] }
            """);
        await EnableAsync(app, """
            { "key": "auto", "form": "deal", "trigger": { "type": "recordDeleted" },
              "steps": [ { "id": "mark", "type": "updateRecord", "values": { "note": "'deleted'" } } ] }
            """);
        var deal = await Records.CreateAsync(deals, Json.Of("""{ "name": "Acme" }"""), User(7));
        await SettleAsync();

        var run = await Runs.StartAsync(app, "deal", deal.Id, "escalate", User(7));
        Assert.That(run.Status, Is.EqualTo(RunStatus.Ready));
        Assert.That(run.UserId, Is.EqualTo(7));
        await SettleAsync();
        Assert.That((await Records.GetAsync(deals, deal.Id, User())).Values["note"], Is.EqualTo("escalated"));

        Assert.That(async () => await Runs.StartAsync(app, "deal", deal.Id, "auto", User(7)), Throws.TypeOf<ConflictException>()
            .With.Message.Contains("not started by hand"));
        Assert.That(async () => await Runs.StartAsync(app, "deal", deal.Id + 1000, "escalate", User(7)), Throws.TypeOf<NotFoundException>());
        await Workflows.DisableAsync(app, "escalate");
        Assert.That(async () => await Runs.StartAsync(app, "deal", deal.Id, "escalate", User(7)), Throws.TypeOf<ConflictException>()
            .With.Message.Contains("not enabled"));
    }

    [Test]
    public async Task A_cancelled_run_is_not_taken_and_a_disabled_workflow_starts_no_runs()
    {
        var app = await NewAppAsync();
        var deals = await PublishAsync(app, DealForm);
        await EnableAsync(app, """
            { "key": "mark", "form": "deal", "trigger": { "type": "recordCreated" },
              "steps": [ { "id": "mark", "type": "updateRecord", "values": { "note": "'marked'" } } ] }
            """);
        var first = await Records.CreateAsync(deals, Json.Of("""{ "name": "One" }"""), User());
        while (await Dispatcher.DispatchAsync() > 0) { }
        var run = (await Runs.ListAsync(app, "mark")).Single();
        Assert.That((await Runs.CancelAsync(app, run.Id)).Status, Is.EqualTo(RunStatus.Cancelled));
        await SettleAsync();
        Assert.That((await Records.GetAsync(deals, first.Id, User())).Values["note"], Is.Null);
        Assert.That(async () => await Runs.CancelAsync(app, run.Id), Throws.TypeOf<ConflictException>());

        await Workflows.DisableAsync(app, "mark");
        await Records.CreateAsync(deals, Json.Of("""{ "name": "Two" }"""), User());
        await SettleAsync();
        Assert.That(await Runs.ListAsync(app, "mark"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Concurrent_writers_and_two_dispatchers_start_exactly_one_run_per_event()
    {
        var app = await NewAppAsync();
        var deals = await PublishAsync(app, DealForm);
        await EnableAsync(app, """
            { "key": "each", "form": "deal", "trigger": { "type": "recordCreated" },
              "steps": [ { "id": "mark", "type": "updateRecord", "values": { "note": "'seen'" } } ] }
            """);
        // A second node: its own database object (its own connections) and its own dispatcher, on the same database.
        await using var other = new Platform.Engine.Storage.PlatformDatabase(Database.Dialect, Database.ConnectionString);
        var otherDispatcher = new WorkflowDispatcher(Database.GroupsWrites ? Database : other, new Platform.Engine.Workflows.WorkflowService(other,
            new Platform.Engine.Formulas.FormulaService(Sandbox), Clock), Clock, Options with { DispatchBatch = 7 });

        using var stop = new CancellationTokenSource();
        async Task<int> KeepDispatching(WorkflowDispatcher dispatcher)
        {
            var taken = 0;
            while (!stop.IsCancellationRequested) taken += await dispatcher.DispatchAsync();
            return taken;
        }
        var first = Task.Run(() => KeepDispatching(Dispatcher));
        var second = Task.Run(() => KeepDispatching(otherDispatcher));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++) await Records.CreateAsync(deals, Json.From(new { name = $"w{w}-{i}" }), User());
        })));
        await Task.Delay(200);
        stop.Cancel();
        var taken = await first + await second;
        while (await Dispatcher.DispatchAsync() > 0) { }

        var perRecord = await RunsPerRecordAsync(app);
        Assert.That(perRecord, Has.Count.EqualTo(200), "every create started a run");
        Assert.That(perRecord.All(runs => runs == 1), "no event started two runs");
        await using var connection = await Database.OpenAsync();
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pf_outbox WHERE dispatched_at IS NULL"), Is.Zero);
        Assert.That(taken, Is.GreaterThan(0));
    }

    [Test]
    public async Task A_simulated_run_lists_what_each_step_would_do_and_does_none_of_it()
    {
        var app = await NewAppAsync();
        var deals = await PublishAsync(app, DealForm);
        var tasks = await PublishAsync(app, TaskForm);
        var owner = await TestUsers.AddAsync(Database, $"sim-{app}@example.com");
        await Workflows.PublishAsync(app, Engine.Workflows.Definitions.WorkflowJson.Parse("""
            { "key": "big", "form": "deal", "trigger": { "type": "recordUpdated", "condition": "amount > 0" },
              "steps": [
                { "id": "check", "type": "branch", "condition": "amount > 1000", "then": "task", "else": "end" },
                { "id": "task", "type": "createRecord", "form": "task", "values": { "title": "'Call ' & name", "deal_id": "id" } },
                { "id": "mark", "type": "updateRecord", "values": { "stage": "'contacted'" } },
                { "id": "tell", "type": "notify", "to": [ { "field": "owner" } ], "title": "'Big: ' & name" },
                { "id": "oops", "type": "updateRecord", "values": { "stage": "note" } } ] }
            """));
        var deal = await Records.CreateAsync(deals, Json.Of("""{ "name": "Acme", "amount": 5000, "note": "nonsense" }"""), User(owner));

        var simulation = await Runner.SimulateAsync(app, "big", deal.Id, User(owner));
        Assert.That(simulation.ConditionHolds, Is.True);
        Assert.That(simulation.Steps.Select(s => s.Step), Is.EqualTo(new[] { "check", "task", "mark", "tell", "oops" }));
        Assert.That(simulation.Steps[1].Would!["values"]!["title"]!.GetValue<string>(), Is.EqualTo("Call Acme"));
        Assert.That(simulation.Steps[2].Would!["set"]!["stage"]!.GetValue<string>(), Is.EqualTo("contacted"));
        Assert.That(simulation.Steps[3].Would!["to"]!.AsArray().Select(n => (long)n!), Is.EqualTo(new[] { owner }));
        Assert.That(simulation.Steps[4].Error, Is.Null, "a value is checked by the form only when written; the simulation shows what would be sent");

        Assert.That((await Records.QueryAsync(tasks, new Platform.Engine.Records.Query.QueryRequest(), User())).Items, Is.Empty, "nothing was created");
        Assert.That((await Records.GetAsync(deals, deal.Id, User())).Values["stage"], Is.Null, "nothing was changed");
        Assert.That((await Notifications.ListAsync(owner)).Items, Is.Empty, "nobody was told");
        Assert.That(await Runs.ListAsync(app, "big"), Is.Empty, "no run was made");

        var small = await Records.CreateAsync(deals, Json.Of("""{ "name": "Tiny", "amount": 0 }"""), User(owner));
        Assert.That((await Runner.SimulateAsync(app, "big", small.Id, User(owner))).ConditionHolds, Is.False);
        Assert.That(async () => await Runner.SimulateAsync(app, "big", small.Id + 1000, User(owner)), Throws.TypeOf<NotFoundException>());
    }
}
