using Platform.Engine.Notifications;
using Platform.Engine.Records;
using Platform.Engine.Users;
using Platform.Engine.Workflows;
using Platform.Engine.Workflows.Definitions;
using Platform.Engine.Workflows.Runs;
using Platform.Engine.Workflows.Timers;

namespace Platform.Engine.Tests.Workflows;

/// <summary>The workflow engine over a test database: definitions, the dispatcher and the runner driven by hand with the fake clock.</summary>
public abstract class WorkflowFixture(TestDatabase target) : EngineFixture(target)
{
    protected const string DealForm = """
        { "key": "deal", "fields": [
            { "key": "name", "type": "text", "required": true },
            { "key": "amount", "type": "money" },
            { "key": "stage", "type": "select", "options": [ { "key": "lead" }, { "key": "contacted" }, { "key": "won" } ] },
            { "key": "note", "type": "text" },
            { "key": "touches", "type": "number" },
            { "key": "manager", "type": "user" } ] }
        """;

    protected const string TaskForm = """
        { "key": "task", "fields": [ { "key": "title", "type": "text", "required": true }, { "key": "deal_id", "type": "number" } ] }
        """;

    protected WorkflowService Workflows { get; private set; } = null!;

    protected WorkflowDispatcher Dispatcher { get; private set; } = null!;

    protected WorkflowRunner Runner { get; private set; } = null!;

    protected RunService Runs { get; private set; } = null!;

    protected NotificationService Notifications { get; private set; } = null!;

    protected RoleService Roles { get; private set; } = null!;

    protected DepartmentService Departments { get; private set; } = null!;

    protected TimerSchedule Schedule { get; private set; } = null!;

    protected Platform.Engine.Outbound.OutboundClient Outbound { get; private set; } = null!;

    protected TimerPump Pump { get; private set; } = null!;

    protected Platform.Engine.Workflows.Approvals.ApprovalService Approvals { get; private set; } = null!;

    protected TimerRefill Refill { get; private set; } = null!;

    protected WorkflowOptions Options { get; } = new() { RetryDelay = TimeSpan.FromSeconds(10) };

    [OneTimeSetUp]
    public void CreateWorkflowEngine()
    {
        var formulas = new Platform.Engine.Formulas.FormulaService(Sandbox);
        // Calls out may reach this machine's 127.0.0.1 (the tests' own listeners), and nothing else of it.
        Outbound = new Platform.Engine.Outbound.OutboundClient(new Platform.Engine.Outbound.OutboundOptions
        {
            AllowedHosts = new HashSet<string>(["127.0.0.1"]), Timeout = TimeSpan.FromSeconds(2),
        });
        Workflows = new WorkflowService(Database, formulas, Clock, Outbound);
        Notifications = new NotificationService(Database, Clock);
        Roles = new RoleService(Database, Clock);
        Schedule = new TimerSchedule(Database, formulas, Clock, Options);
        // The engine's records, with the workflow engine's own step in their pipeline, as the runtime registers it.
        Records = new RecordService(Database, Sandbox, Clock, steps: [new ScheduleTimersStep(Workflows, Schedule)]);
        Pump = new TimerPump(Database, Workflows, Schedule, Clock, Options);
        Refill = new TimerRefill(Database, Workflows, Forms, Records, Schedule, Clock);
        Dispatcher = new WorkflowDispatcher(Database, Workflows, Clock, Options);
        Departments = new DepartmentService(Database, Clock);
        Approvals = new Platform.Engine.Workflows.Approvals.ApprovalService(Database, Notifications, new UserService(Database, Clock), Clock);
        Runner = new WorkflowRunner(Database, Workflows, Forms, Records, Notifications, Roles, Departments, new UserService(Database, Clock), formulas, Clock, Options,
            Outbound, Approvals);
        Runs = new RunService(Database, Workflows, Forms, Records, Clock);
    }

    [OneTimeTearDown]
    public void DisposeOutbound() => Outbound?.Dispose();

    /// <summary>Publishes and enables a workflow.</summary>
    protected async Task EnableAsync(string app, string json)
    {
        var workflow = WorkflowJson.Parse(json);
        await Workflows.PublishAsync(app, workflow);
        await Workflows.EnableAsync(app, workflow.Key);
    }

    /// <summary>Publishes a workflow of one step on <paramref name="form"/> (started by hand) expecting a refusal; returns each error's place and code.</summary>
    protected async Task<IReadOnlyList<(string Field, string Code)>> RefusedStepAsync(string app, string form, string step)
    {
        var json = $$"""{ "key": "refused", "form": "{{form}}", "trigger": { "type": "manual" }, "steps": [ {{step}} ] }""";
        var refused = await Assert.ThrowsAsync<Platform.Engine.Validation.DefinitionRejectedException>(() => Workflows.PublishAsync(app, WorkflowJson.Parse(json)));
        return refused!.Errors.Select(e => (e.Field, e.Code)).ToList();
    }

    /// <summary>Changes a record as a person would, over the version it has now.</summary>
    protected async Task UpdateAsync(Platform.Engine.Models.FormModel model, long id, string json, long user = 1)
    {
        var current = await Records.GetAsync(model, id, User(user));
        await Records.UpdateAsync(model, id, Json.Of(json), current.Version, User(user));
    }

    /// <summary>How many runs each record of the app has had (one number per record that has any).</summary>
    protected async Task<IReadOnlyList<long>> RunsPerRecordAsync(string app)
    {
        await using var connection = await Database.OpenAsync();
        return (await Dapper.SqlMapper.QueryAsync<long>(connection,
            "SELECT COUNT(*) FROM pf_workflow_runs r JOIN pf_apps a ON a.id = r.app_id WHERE a.app_key = @app GROUP BY r.record_id", new { app })).ToList();
    }

    /// <summary>Dispatches and runs until nothing is left to do now.</summary>
    protected Task SettleAsync() => WorkflowSettling.SettleAsync(Dispatcher, Pump, Refill, Runner);
}
