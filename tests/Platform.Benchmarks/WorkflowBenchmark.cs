using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Formulas;
using Platform.Engine.Notifications;
using Platform.Engine.Records;
using Platform.Engine.Scripting;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Schema;
using Platform.Engine.Users;
using Platform.Engine.Workflows;
using Platform.Engine.Workflows.Definitions;
using Platform.Engine.Workflows.Runs;
using Platform.Engine.Workflows.Timers;

namespace Platform.Benchmarks;

/// <summary>
/// What workflows cost and how fast they go, in-process, as the runtime wires them (a loop that dispatches and runs,
/// a pump once a second): a record update on a form with ten enabled workflows beside one with none; due times firing
/// on time (lateness) while they come due; and a backlog of due times (after downtime) worked off, in runs a second.
/// </summary>
public sealed class WorkflowBenchmark(PlatformDatabase database, int timers, TextWriter log)
{
    private const string Form = """
        { "key": "deal", "fields": [ { "key": "name", "type": "text" }, { "key": "amount", "type": "money" },
          { "key": "stage", "type": "select", "options": [ { "key": "lead" }, { "key": "won" } ] }, { "key": "note", "type": "text" },
          { "key": "remind", "type": "datetime" } ] }
        """;

    private readonly ShiftableClock _clock = new();
    private readonly ScriptSandbox _sandbox = new();

    public async Task<List<Measurement>> RunAsync()
    {
        await SystemSchema.MigrateAsync(database);
        var formulas = new FormulaService(_sandbox);
        var options = new WorkflowOptions();
        var workflows = new WorkflowService(database, formulas, _clock);
        var schedule = new TimerSchedule(database, formulas, _clock, options);
        var forms = new FormService(database, _sandbox, _clock);
        var records = new RecordService(database, _sandbox, _clock, steps: [new ScheduleTimersStep(workflows, schedule)]);
        var notifications = new NotificationService(database, _clock);
        var dispatcher = new WorkflowDispatcher(database, workflows, _clock, options);
        var runner = new WorkflowRunner(database, workflows, forms, records, notifications, new RoleService(database, _clock), new DepartmentService(database, _clock),
            new UserService(database, _clock), formulas, _clock, options);
        var pump = new TimerPump(database, workflows, schedule, _clock, options);
        var apps = new AppService(database, _clock);
        foreach (var app in new[] { "plain", "busy", "timed" })
        {
            await apps.CreateAsync(app, app, null);
            await forms.PublishAsync(app, FormJson.Parse(Form));
        }
        await EnableTenAsync(workflows);

        using var stop = new CancellationTokenSource();
        var loop = Task.Run(() => KeepRunningAsync(database, dispatcher, runner, pump, stop.Token));
        var results = new List<Measurement>();
        var name = database.Dialect.Name;
        var plain = await UpdatesAsync(records, await forms.GetModelAsync("plain", "deal"));
        var busy = await UpdatesAsync(records, await forms.GetModelAsync("busy", "deal"));
        log.WriteLine($"  {name}: update median {busy.Median:F2} ms with 10 workflows vs {plain.Median:F2} ms with none (p99 {busy.P99:F1} vs {plain.P99:F1})");
        results.Add(new Measurement(name, "record update, 10 enabled workflows vs none (median)", "ms", busy.Median, plain.Median, HigherIsBetter: false));
        results.Add(new Measurement(name, "record update, 10 enabled workflows vs none (p99)", "ms", busy.P99, plain.P99, HigherIsBetter: false));

        var (lateP50, lateP99, fired) = await LatenessAsync(records, forms, workflows);
        log.WriteLine($"  {name}: {fired:N0} due times coming due over 30 s: lateness p50 {lateP50:F2} s, p99 {lateP99:F2} s");
        results.Add(new Measurement(name, "due time fired late by, p99 (vs the 2 s allowed)", "s", lateP99, 2, HigherIsBetter: false));

        var (rate, pending) = await BacklogAsync(records, forms, workflows);
        log.WriteLine($"  {name}: {pending:N0} due times pending, all due at once: {rate:N0} runs/s fired and run");
        results.Add(new Measurement(name, $"backlog of {pending:N0} due times worked off (vs the 200 asked)", "runs/s", rate, 200, HigherIsBetter: true));
        stop.Cancel();
        await loop;
        return results;
    }

    /// <summary>Ten workflows on the busy app's deals, of every kind a CRM has: changes, creations, dates and conditions held.</summary>
    private static async Task EnableTenAsync(WorkflowService workflows)
    {
        string Notify(string key, string trigger) => $$"""
            { "key": "{{key}}", "form": "deal", "trigger": {{trigger}},
              "steps": [ { "id": "tell", "type": "notify", "to": [ { "field": "owner" } ], "title": "'Deal ' & name" } ] }
            """;
        var ten = new[]
        {
            Notify("won", """{ "type": "recordUpdated", "fields": [ "stage" ], "condition": "stage = 'won'" }"""),
            Notify("big", """{ "type": "recordUpdated", "fields": [ "amount" ], "condition": "amount > 1000000" }"""),
            Notify("any", """{ "type": "recordUpdated", "condition": "note = 'escalate'" }"""),
            Notify("noted", """{ "type": "recordUpdated", "fields": [ "note" ], "condition": "LEN(note) > 500" }"""),
            Notify("new1", """{ "type": "recordCreated" }"""),
            Notify("new2", """{ "type": "recordCreated", "condition": "amount > 0" }"""),
            Notify("remind", """{ "type": "date", "field": "remind", "minutes": -30 }"""),
            Notify("remind2", """{ "type": "date", "field": "remind", "days": 1 }"""),
            Notify("stale", """{ "type": "conditionHeld", "condition": "stage = 'lead'", "days": 3 }"""),
            Notify("idle", """{ "type": "conditionHeld", "condition": "ISBLANK(note)", "days": 7 }"""),
        };
        foreach (var json in ten)
        {
            var workflow = WorkflowJson.Parse(json);
            await workflows.PublishAsync("busy", workflow);
            await workflows.EnableAsync("busy", workflow.Key);
        }
    }

    /// <summary>Sequential updates of 500 deals (each changes amount and note), the background loop running.</summary>
    private async Task<(double Median, double P99)> UpdatesAsync(RecordService records, Engine.Models.FormModel model)
    {
        var caller = CallerContext.ForUser(1);
        var deals = new List<RecordData>();
        for (var i = 0; i < 500; i++)
            deals.Add(await records.CreateAsync(model, JsonSerializer.SerializeToElement(new
            {
                name = $"d{i}", amount = i, stage = "lead",
                remind = _clock.GetUtcNow().UtcDateTime.AddDays(10)
            }), caller));
        var latencies = new List<double>();
        for (var round = 0; round < 4; round++)
        {
            for (var i = 0; i < deals.Count; i++)
            {
                var start = Stopwatch.GetTimestamp();
                deals[i] = await records.UpdateAsync(model, deals[i].Id, JsonSerializer.SerializeToElement(new { amount = round * 1000 + i, note = $"r{round}" }),
                    deals[i].Version, caller);
                if (round > 0) latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }
        var sorted = latencies.Order().ToArray();
        return (sorted[sorted.Length / 2], sorted[(int)(sorted.Length * 0.99)]);
    }

    /// <summary>Due times spread over 30 s of real time: how late after its due time each run is made.</summary>
    private async Task<(double P50, double P99, int Fired)> LatenessAsync(RecordService records, FormService forms, WorkflowService workflows)
    {
        var workflow = WorkflowJson.Parse("""
            { "key": "ontime", "form": "deal", "trigger": { "type": "date", "field": "remind" },
              "steps": [ { "id": "tell", "type": "notify", "to": [ { "field": "owner" } ], "title": "'Remind ' & name" } ] }
            """);
        await workflows.PublishAsync("timed", workflow);
        await workflows.EnableAsync("timed", "ontime");
        var model = await forms.GetModelAsync("timed", "deal");
        var count = 6000;
        var start = _clock.GetUtcNow().UtcDateTime.AddSeconds(5);
        var payloads = Enumerable.Range(0, count).Select(i => JsonSerializer.SerializeToElement(new { name = $"t{i}", remind = start.AddMilliseconds(i * 5.0) })).ToList();
        for (var i = 0; i < count; i += 1000) await records.CreateManyAsync(model, payloads.Skip(i).Take(1000).ToList(), CallerContext.ForUser(1));
        var end = start.AddMilliseconds(count * 5.0);
        while (_clock.GetUtcNow().UtcDateTime < end.AddSeconds(5)) await Task.Delay(500);
        await using var connection = await database.OpenAsync();
        // The due time of a run is its record's remind value: read both and compare.
        var storage = Engine.Storage.Forms.FormStorage.FromJson(await connection.QuerySingleAsync<string>(
            "SELECT f.storage FROM pf_forms f JOIN pf_apps a ON a.id = f.app_id WHERE a.app_key = 'timed' AND f.form_key = 'deal'"));
        var pairs = (await connection.QueryAsync<(object Due, object Created)>(
            $"SELECT d.{storage.Active("remind")!.Column}, r.created_at FROM pf_workflow_runs r JOIN {storage.Table} d ON d.id = r.record_id " +
            "JOIN pf_workflows w ON w.id = r.workflow_id WHERE w.workflow_key = 'ontime'")).ToList();
        var late = pairs.Select(p => ((DateTime)database.Dialect.FromDb(ColumnType.DateTime, p.Created)! -
                                      (DateTime)database.Dialect.FromDb(ColumnType.DateTime, p.Due)!).TotalSeconds).Order().ToArray();
        return (late[late.Length / 2], late[(int)(late.Length * 0.99)], late.Length);
    }

    /// <summary>Due times that all came while the platform was down (the clock moved past them): fired and run, in runs a second.</summary>
    private async Task<(double Rate, int Pending)> BacklogAsync(RecordService records, FormService forms, WorkflowService workflows)
    {
        var model = await forms.GetModelAsync("timed", "deal");
        var at = _clock.GetUtcNow().UtcDateTime.AddDays(1);
        for (var i = 0; i < timers; i += 1000)
            await records.CreateManyAsync(model, Enumerable.Range(i, Math.Min(1000, timers - i))
                .Select(n => JsonSerializer.SerializeToElement(new { name = $"b{n}", remind = at.AddSeconds(n % 3600) })).ToList(), CallerContext.ForUser(1));
        await using var connection = await database.OpenAsync();
        var done = await CompletedAsync(connection);
        var pending = (int)await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pf_timers t JOIN pf_workflows w ON w.id = t.workflow_id WHERE w.workflow_key = 'ontime'");
        var watch = Stopwatch.StartNew();
        _clock.Shift(TimeSpan.FromDays(2));
        while (await CompletedAsync(connection) - done < pending && watch.Elapsed < TimeSpan.FromMinutes(20)) await Task.Delay(250);
        return ((await CompletedAsync(connection) - done) / watch.Elapsed.TotalSeconds, pending);
    }

    private static Task<long> CompletedAsync(System.Data.Common.DbConnection connection) =>
        connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pf_workflow_runs WHERE status = 'completed'");

    /// <summary>What the runtime does in the background: dispatch and run at once after commits, the pump once a second.</summary>
    private static async Task KeepRunningAsync(PlatformDatabase database, WorkflowDispatcher dispatcher, WorkflowRunner runner, TimerPump pump, CancellationToken stop)
    {
        var wake = new SemaphoreSlim(0, 1);
        void Wake()
        {
            if (wake.CurrentCount == 0) try { wake.Release(); } catch (SemaphoreFullException) { }
        }
        pump.Fired += Wake;
        database.Committed += Wake;
        var pumped = Stopwatch.StartNew();
        while (!stop.IsCancellationRequested)
        {
            do
            {
                while (await dispatcher.DispatchAsync() > 0) { }
                if (pumped.Elapsed >= TimeSpan.FromSeconds(1))
                {
                    pumped.Restart();
                    while (await pump.FireDueAsync() > 0) { }
                }
            }
            while (await runner.RunDueAsync() > 0);
            try { await wake.WaitAsync(TimeSpan.FromMilliseconds(100), stop); } catch (OperationCanceledException) { }
        }
    }

    /// <summary>The real clock, which the backlog moves ahead as if the platform had been down.</summary>
    private sealed class ShiftableClock : TimeProvider
    {
        private TimeSpan _shift;

        public void Shift(TimeSpan by) => _shift += by;

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _shift;
    }
}
