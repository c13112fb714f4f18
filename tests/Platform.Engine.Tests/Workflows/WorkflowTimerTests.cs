using Dapper;
using Platform.Engine.Validation;
using Platform.Engine.Workflows.Runs;

namespace Platform.Engine.Tests.Workflows;

/// <summary>
/// Runs that start at a time: a date of each record (and every year on it), a condition held for a while, a delay inside
/// a run. The fake clock moves; nothing sleeps. Each due time fires once, also after the platform was down.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class WorkflowTimerTests(TestDatabase target) : WorkflowFixture(target)
{
    private const string ContractForm = """
        { "key": "contract", "fields": [
            { "key": "name", "type": "text", "required": true }, { "key": "ends", "type": "date" }, { "key": "born", "type": "date" },
            { "key": "status", "type": "text" }, { "key": "note", "type": "text" } ] }
        """;

    private const string Renewal = """
        { "key": "renewal", "form": "contract", "trigger": { "type": "date", "field": "ends", "days": -30, "time": "09:00" },
          "steps": [ { "id": "tell", "type": "notify", "to": [ { "field": "owner" } ], "title": "'Renew ' & name" } ] }
        """;

    [Test]
    public async Task A_reminder_30_days_before_a_contract_ends_fires_once_and_follows_the_date_as_it_changes()
    {
        var app = await NewAppAsync();
        var contracts = await PublishAsync(app, ContractForm);
        var owner = await TestUsers.AddAsync(Database, $"renew-{app}@example.com");
        await EnableAsync(app, Renewal);
        await SettleAsync();

        var contract = await Records.CreateAsync(contracts, Json.From(new { name = "Acme", ends = Day(40) }), User(owner));
        await Records.CreateAsync(contracts, Json.From(new { name = "Old", ends = Day(20) }), User(owner));
        await Assert.ThrowsAsync<ValidationFailedException>(() => Records.CreateAsync(contracts, Json.From(new { ends = Day(50) }), User(owner)));
        Assert.That(await TimersAsync(app), Is.EqualTo(new[] { (contract.Id, At(10, 9)) }),
            "one due time, for the contract whose reminder is still ahead; a refused save left none");

        await UpdateAsync(contracts, contract.Id, $$"""{ "ends": "{{Day(60)}}" }""", owner);
        Assert.That(await TimersAsync(app), Is.EqualTo(new[] { (contract.Id, At(30, 9)) }), "the due time moved with the date");
        Clock.SetUtcNow(At(30, 9).AddMinutes(-1));
        await SettleAsync();
        Assert.That((await Notifications.ListAsync(owner)).Items, Is.Empty, "not yet");

        Clock.Advance(TimeSpan.FromMinutes(2));
        await SettleAsync();
        await SettleAsync();
        Assert.That((await Notifications.ListAsync(owner)).Items.Select(n => n.Title), Is.EqualTo(new[] { "Renew Acme" }));
        Assert.That(await Runs.ListAsync(app, "renewal"), Has.Count.EqualTo(1), "fired once");
        Assert.That(await TimersAsync(app), Is.Empty);

        var other = await Records.CreateAsync(contracts, Json.From(new { name = "Next", ends = Day(100) }), User(owner));
        Assert.That(await TimersAsync(app), Has.Count.EqualTo(1));
        var current = await Records.GetAsync(contracts, other.Id, User(owner));
        await Records.DeleteAsync(contracts, other.Id, current.Version, User(owner));
        Assert.That(await TimersAsync(app), Is.Empty, "a deleted record keeps no due time");
    }

    [Test]
    public async Task A_birthday_fires_every_year_and_due_times_that_came_while_down_fire_once()
    {
        var app = await NewAppAsync();
        var contracts = await PublishAsync(app, ContractForm);
        await EnableAsync(app, """
            { "key": "birthday", "form": "contract", "trigger": { "type": "date", "field": "born", "yearly": true, "time": "08:00" },
              "steps": [ { "id": "mark", "type": "updateRecord", "values": { "note": "'congratulated ' & YEAR(TODAY())" } } ] }
            """);
        var birthday = DateOnly.Parse(Day(10), System.Globalization.CultureInfo.InvariantCulture);
        var person = await Records.CreateAsync(contracts, Json.From(new { name = "Li", born = birthday.AddYears(-36).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }), User());
        Assert.That(await TimersAsync(app), Is.EqualTo(new[] { (person.Id, At(10, 8)) }), "this year's birthday, though born 36 years ago");

        // Down from before the birthday until the day after: the birthday is celebrated once, late, and next year's is set.
        Clock.SetUtcNow(At(11, 10));
        await SettleAsync();
        await SettleAsync();
        Assert.That((await Records.GetAsync(contracts, person.Id, User())).Values["note"], Is.EqualTo($"congratulated {Clock.GetUtcNow().Year}"));
        Assert.That(await Runs.ListAsync(app, "birthday"), Has.Count.EqualTo(1));
        Assert.That(await TimersAsync(app), Is.EqualTo(new[] { (person.Id, new DateTime(birthday.AddYears(1), new TimeOnly(8, 0))) }));
    }

    [Test]
    public async Task A_condition_held_for_three_days_fires_once_and_a_change_that_ends_it_ends_the_wait()
    {
        var app = await NewAppAsync();
        var contracts = await PublishAsync(app, ContractForm);
        await EnableAsync(app, """
            { "key": "stale", "form": "contract", "trigger": { "type": "conditionHeld", "condition": "status = 'open'", "days": 3 },
              "steps": [ { "id": "mark", "type": "updateRecord", "values": { "note": "'stale'" } } ] }
            """);
        var start = Clock.GetUtcNow().UtcDateTime;
        var open = await Records.CreateAsync(contracts, Json.Of("""{ "name": "A", "status": "open" }"""), User());
        var closed = await Records.CreateAsync(contracts, Json.Of("""{ "name": "B", "status": "open" }"""), User());
        Clock.Advance(TimeSpan.FromDays(1));
        await UpdateAsync(contracts, open.Id, """{ "note": "still open" }""");
        await UpdateAsync(contracts, closed.Id, """{ "status": "closed" }""");
        Assert.That(await TimersAsync(app), Is.EqualTo(new[] { (open.Id, start.AddDays(3)) }), "a change that keeps it open keeps the time; closing ends the wait");

        Clock.Advance(TimeSpan.FromDays(2));
        await SettleAsync();
        Assert.That((await Records.GetAsync(contracts, open.Id, User())).Values["note"], Is.EqualTo("stale"));
        Assert.That((await Records.GetAsync(contracts, closed.Id, User())).Values["note"], Is.Null);
        Assert.That(await Runs.ListAsync(app, "stale"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_delay_puts_the_run_aside_until_its_time()
    {
        var app = await NewAppAsync();
        var contracts = await PublishAsync(app, ContractForm);
        await EnableAsync(app, """
            { "key": "later", "form": "contract", "trigger": { "type": "recordCreated" },
              "steps": [ { "id": "wait", "type": "delay", "hours": 2 }, { "id": "mark", "type": "updateRecord", "values": { "note": "'followed up'" } } ] }
            """);
        var record = await Records.CreateAsync(contracts, Json.Of("""{ "name": "A" }"""), User());
        await SettleAsync();
        var run = (await Runs.ListAsync(app, "later")).Single();
        Assert.That((run.Status, run.Step), Is.EqualTo((RunStatus.Waiting, "mark")));

        Clock.Advance(TimeSpan.FromMinutes(119));
        await SettleAsync();
        Assert.That((await Records.GetAsync(contracts, record.Id, User())).Values["note"], Is.Null);
        Clock.Advance(TimeSpan.FromMinutes(1));
        await SettleAsync();
        Assert.That((await Records.GetAsync(contracts, record.Id, User())).Values["note"], Is.EqualTo("followed up"));
        Assert.That((await Runs.GetAsync(app, run.Id)).Run.Status, Is.EqualTo(RunStatus.Completed));
    }

    [Test]
    public async Task Enabling_over_existing_records_gives_each_its_due_time_in_pages_and_disabling_clears_them()
    {
        var app = await NewAppAsync();
        var contracts = await PublishAsync(app, ContractForm);
        var payloads = Enumerable.Range(0, 1200).Select(i => Json.From(new { name = $"c{i}", ends = i % 2 == 0 ? Day(100) : null })).ToList();
        for (var i = 0; i < payloads.Count; i += 1000) await Records.CreateManyAsync(contracts, payloads.Skip(i).Take(1000).ToList(), User());
        await Workflows.PublishAsync(app, Engine.Workflows.Definitions.WorkflowJson.Parse(Renewal));
        await Workflows.EnableAsync(app, "renewal");
        Assert.That(await Refill.RunAsync(), Is.EqualTo(Engine.Workflows.Timers.TimerRefill.PageSize), "a page at a time");
        await SettleAsync();
        Assert.That(await TimersAsync(app), Has.Count.EqualTo(600));

        await Workflows.DisableAsync(app, "renewal");
        Assert.That(await TimersAsync(app), Is.Empty);
        Clock.SetUtcNow(At(100, 0));
        await SettleAsync();
        Assert.That(await Runs.ListAsync(app, "renewal"), Is.Empty);
    }

    [Test]
    public async Task Two_pumps_fire_each_of_many_due_times_once()
    {
        var app = await NewAppAsync();
        var contracts = await PublishAsync(app, ContractForm);
        await EnableAsync(app, Renewal);
        var payloads = Enumerable.Range(0, 1000).Select(i => Json.From(new { name = $"c{i}", ends = Day(40) })).ToList();
        await Records.CreateManyAsync(contracts, payloads, User());
        Clock.SetUtcNow(At(11, 0));

        var second = new Engine.Workflows.Timers.TimerPump(Database, Workflows, Schedule, Clock, Options with { DispatchBatch = 37 });
        async Task<int> Drain(Engine.Workflows.Timers.TimerPump pump)
        {
            var fired = 0;
            while (await pump.FireDueAsync() is var n and > 0) fired += n;
            return fired;
        }
        var fired = await Task.WhenAll(Task.Run(() => Drain(Pump)), Task.Run(() => Drain(second)));
        Assert.That(fired.Sum(), Is.EqualTo(1000));
        var perRecord = await RunsPerRecordAsync(app);
        Assert.That((perRecord.Count, perRecord.All(runs => runs == 1)), Is.EqualTo((1000, true)));
    }

    [Test]
    public async Task A_schedule_runs_at_its_times_in_its_zone_and_the_times_missed_while_down_fire_once()
    {
        var app = await NewAppAsync();
        await PublishAsync(app, ContractForm);
        var reader = await TestUsers.AddAsync(Database, $"digest-{app}@example.com");
        await EnableAsync(app, $$"""
            { "key": "digest", "form": "contract", "trigger": { "type": "schedule", "cron": "0 9 * * *", "timeZone": "Asia/Shanghai" },
              "steps": [ { "id": "tell", "type": "notify", "to": [ { "user": {{reader}} } ], "title": "'Daily digest'" },
                         { "id": "mark", "type": "updateRecord", "values": { "note": "'x'" } } ] }
            """);
        await SettleAsync();
        var next = Clock.GetUtcNow().UtcDateTime.Date.AddHours(1);
        if (next <= Clock.GetUtcNow().UtcDateTime) next = next.AddDays(1);
        Assert.That(await ScheduledAsync(app), Is.EqualTo(next), "09:00 in Shanghai is 01:00 UTC");

        // Down for three days: the missed mornings fire once, then the schedule goes on from now.
        Clock.SetUtcNow(next.AddDays(3).AddHours(2));
        await SettleAsync();
        var runs = await Runs.ListAsync(app, "digest");
        Assert.That(runs, Has.Count.EqualTo(1));
        Assert.That((await Notifications.ListAsync(reader)).Items.Select(n => n.Title), Is.EqualTo(new[] { "Daily digest" }));
        Assert.That((runs[0].Status, runs[0].Error!.Errors.Single().Code), Is.EqualTo((RunStatus.Failed, "run.noRecord")),
            "a step that changes the run's record fails in a scheduled run, which has none");
        Assert.That(await ScheduledAsync(app), Is.EqualTo(next.AddDays(4)));
        await Workflows.DisableAsync(app, "digest");
        Assert.That(await ScheduledAsync(app), Is.Null, "turned off, it keeps no time (the other tests here share the clock and the pump)");
    }

    private async Task<DateTime?> ScheduledAsync(string app)
    {
        await using var connection = await Database.OpenAsync();
        var due = await connection.ExecuteScalarAsync<object?>(
            "SELECT t.due_at FROM pf_timers t JOIN pf_workflows w ON w.id = t.workflow_id JOIN pf_apps a ON a.id = w.app_id WHERE a.app_key = @app", new { app });
        return (DateTime?)Database.Dialect.FromDb(Platform.Engine.Storage.ColumnType.DateTime, due);
    }

    // The clock only moves forward through a fixture's tests, so each test counts its days from wherever it stands.
    private string Day(int fromToday) =>
        DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime).AddDays(fromToday).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The UTC time on the day <paramref name="fromToday"/> days ahead at <paramref name="hour"/>.</summary>
    private DateTime At(int fromToday, int hour) => Clock.GetUtcNow().UtcDateTime.Date.AddDays(fromToday).AddHours(hour);

    private async Task<IReadOnlyList<(long RecordId, DateTime Due)>> TimersAsync(string app)
    {
        await using var connection = await Database.OpenAsync();
        var rows = await connection.QueryAsync<(long RecordId, object Due)>(
            "SELECT t.record_id, t.due_at FROM pf_timers t JOIN pf_workflows w ON w.id = t.workflow_id JOIN pf_apps a ON a.id = w.app_id " +
            "WHERE a.app_key = @app ORDER BY t.record_id", new { app });
        return rows.Select(r => (r.RecordId, DateTime.SpecifyKind((DateTime)Database.Dialect.FromDb(Platform.Engine.Storage.ColumnType.DateTime, r.Due)!, DateTimeKind.Unspecified))).ToList();
    }
}
