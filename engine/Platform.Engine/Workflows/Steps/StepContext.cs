using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Engine.Apps;
using Platform.Engine.Models;
using Platform.Engine.Notifications;
using Platform.Engine.Records;
using Platform.Engine.Scripting;
using Platform.Engine.Storage;
using Platform.Engine.Users;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Engine.Workflows.Steps;

/// <summary>
/// What a step of a run works with: the run's transaction, the workflow, the record the run is about (as it stands
/// after the steps before), the workflow acting as caller, and the services steps use.
/// </summary>
internal sealed class StepContext
{
    /// <summary>The run's transaction; not there while a step calls out (<see cref="StepHandler.CallAsync"/>).</summary>
    public UnitOfWork Work { get => field ?? throw new InvalidOperationException("No transaction while a step calls out."); init; }

    /// <summary>What the step's call to the outside answered, before its transaction.</summary>
    public JsonObject? Called { get; init; }

    public required long RunId { get; init; }

    public required long WorkflowId { get; init; }

    public required WorkflowDefinition Workflow { get; init; }

    public required FormModel Model { get; init; }

    public required RecordData Record { get; set; }

    /// <summary>The deadline a step waiting for a condition set when it first ran, kept while the run waits on it.</summary>
    public DateTime? WaitDeadline { get; init; }

    public required CallerContext Caller { get; init; }

    public required ScriptContext Script { get; init; }

    public required WorkflowParts Parts { get; init; }

    public RecordService Records => Parts.Records;

    public NotificationService Notifications => Parts.Notifications;

    public Task<FormModel> ModelAsync(string form, CancellationToken ct) => Parts.Forms.GetModelAsync(Model.AppKey, form, ct);

    /// <summary>The run's record, for a step that changes it; a scheduled run has none, and the step fails (for good).</summary>
    public RecordData RequireRecord(string stepId) =>
        Record.Id != 0 ? Record : throw new Validation.ValidationFailedException([new(stepId, "run.noRecord", stepId)]);

    /// <summary>
    /// Changes the run's record through the record pipeline, over the version the run holds, as the workflow (or as
    /// <paramref name="caller"/>); the run goes on with the record as it now stands.
    /// </summary>
    public async Task<Records.RecordData> UpdateRecordAsync(JsonElement payload, CancellationToken ct, string? reason = null, bool claims = false,
        CallerContext? caller = null) =>
        Record = await Records.WriteInAsync(Work, Platform.Engine.Records.Pipeline.WriteKind.Update, Model, new Platform.Engine.Records.Pipeline.RecordWrite
        {
            Prefix = "", Payload = payload, Id = Record.Id, ExpectedVersion = Record.Version, Reason = reason, Claims = claims,
        }, caller ?? Caller, ct);

    /// <summary>A formula over the run's record; an Excel error value (#DIV/0!…) fails the step, naming <paramref name="place"/>.</summary>
    public object? Evaluate(string source, string place)
    {
        var result = Parts.Formulas.Evaluate(Model, source, Script, Record);
        if (result.IsError) throw new Validation.ValidationFailedException([new(place, "formula.errorValue", result.Error)]);
        return result.Value;
    }

    /// <summary>A formula's value as text people read (a title, a message): numbers plainly, times to the minute.</summary>
    public string EvaluateText(string source, string place) => Evaluate(source, place) switch
    {
        null => "",
        decimal d => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        var value => value.ToString() ?? "",
    };

    /// <summary>A date formula's value as an instant (UTC); its wall-clock time is read in the run's time zone. Blank gives null.</summary>
    public DateTime? EvaluateInstant(string source, string place) => Evaluate(source, place) switch
    {
        DateTime local => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Caller.TimeZone),
        null => null,
        var other => throw new Validation.ValidationFailedException([new(place, "formula.result", Formulas.FormulaType.DateTime, other)]),
    };

    /// <summary>The payload of a write to <paramref name="target"/>: each field's formula, evaluated over the run's record.</summary>
    public JsonElement Payload(FormModel target, IReadOnlyDictionary<string, string> values, string stepId)
    {
        var payload = new JsonObject();
        foreach (var (key, formula) in values)
            payload[key] = FormulaJson.ToJson(Evaluate(formula, $"{stepId}.values.{key}"), target.Field(key)?.Definition, Caller.TimeZone);
        return JsonSerializer.SerializeToElement(payload);
    }

    /// <summary>The users a notification goes to, each once: named users, the users in a field of the record, members of roles.</summary>
    public async Task<IReadOnlyList<long>> RecipientsAsync(IReadOnlyList<Recipient> to, CancellationToken ct)
    {
        var users = new List<long>();
        foreach (var recipient in to)
        {
            if (recipient.User is { } user) users.Add(user);
            else if (recipient.Field is { } field) users.AddRange(UsersIn(field));
            else if (recipient.ManagerOf is { } of)
                foreach (var person in UsersIn(of)) users.AddRange(await Parts.Departments.ManagersOfAsync(person, ct));
            else if (recipient.Role is { } role) users.AddRange((await Parts.Roles.GetAsync(Model.AppKey, role, ct)).Members);
        }
        return users.Distinct().ToList();
    }

    private IEnumerable<long> UsersIn(string field) => Record.Get(field) switch { long id => [id], IEnumerable<long> ids => ids, _ => [] };
}

/// <summary>The services a run's steps use, gathered once.</summary>
internal sealed record WorkflowParts(FormService Forms, RecordService Records, NotificationService Notifications, RoleService Roles,
    DepartmentService Departments, UserService Users, WorkflowFormulas Formulas, Outbound.OutboundClient Outbound, Approvals.ApprovalService Approvals,
    Tasks.TaskService Tasks, Notifications.Deliveries.DeliveryService Deliveries);
