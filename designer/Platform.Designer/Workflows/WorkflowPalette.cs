using Platform.Designer.Workflows.Settings;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Designer.Workflows;

/// <summary>A kind of trigger the designer offers: its pinned name, how a new one starts, the panel that sets it.</summary>
public sealed record TriggerKind(string Type, Func<WorkflowTrigger> Make, Type Panel);

/// <summary>A kind of step the designer offers: its pinned name, how a new one starts (given its id), the panel that sets it.</summary>
public sealed record StepKind(string Type, Func<string, WorkflowStep> Make, Type Panel);

/// <summary>
/// The one place a trigger or step kind is matched to how it starts and which panel sets it. The two kinds whose values
/// are another form's fields or free names (a record of another form, a webhook's body) are set as their JSON (checked as
/// the API checks it), as is a kind this version does not know, so every kind the engine runs can be designed.
/// </summary>
public static class WorkflowPalette
{
    public static readonly IReadOnlyList<TriggerKind> Triggers =
    [
        new("recordCreated", () => new RecordCreatedTrigger(), typeof(NoTriggerSettings)),
        new("recordUpdated", () => new RecordUpdatedTrigger(), typeof(UpdatedTriggerSettings)),
        new("recordDeleted", () => new RecordDeletedTrigger(), typeof(NoTriggerSettings)),
        new("stageEntered", () => new StageEnteredTrigger(), typeof(StageTriggerSettings)),
        new("stageLeft", () => new StageLeftTrigger(), typeof(StageTriggerSettings)),
        new("conditionHeld", () => new ConditionHeldTrigger { Days = 3 }, typeof(HeldTriggerSettings)),
        new("date", () => new DateTrigger(), typeof(DateTriggerSettings)),
        new("manual", () => new ManualTrigger(), typeof(NoTriggerSettings)),
        new("schedule", () => new ScheduleTrigger { Cron = "0 9 * * 1-5" }, typeof(ScheduleTriggerSettings)),
        new("webhook", () => new WebhookTrigger(), typeof(NoTriggerSettings)),
    ];

    public static readonly IReadOnlyList<StepKind> Steps =
    [
        new("notify", id => new NotifyStep { Id = id, To = [new Recipient { Field = Engine.Forms.SystemFields.Owner }], Title = "" }, typeof(NotifySettings)),
        new("updateRecord", id => new UpdateRecordStep { Id = id }, typeof(UpdateRecordSettings)),
        new("setStage", id => new SetStageStep { Id = id }, typeof(SetStageSettings)),
        new("returnToPool", id => new ReturnToPoolStep { Id = id }, typeof(ReturnToPoolSettings)),
        new("branch", id => new BranchStep { Id = id }, typeof(BranchSettings)),
        new("delay", id => new DelayStep { Id = id, Days = 1 }, typeof(DelaySettings)),
        new("createTask", id => new CreateTaskStep { Id = id, Title = "", Assignee = new Recipient { Field = Engine.Forms.SystemFields.Owner } }, typeof(CreateTaskSettings)),
        new("assignOwner", id => new AssignOwnerStep { Id = id }, typeof(AssignOwnerSettings)),
        new("approval", id => new ApprovalStep { Id = id, Approvers = [new Recipient { ManagerOf = Engine.Forms.SystemFields.Owner }] }, typeof(ApprovalSettings)),
        new("createRecord", id => new CreateRecordStep { Id = id }, typeof(StepJsonSettings)),
        new("callWebhook", id => new CallWebhookStep { Id = id }, typeof(StepJsonSettings)),
        new("groupMessage", id => new GroupMessageStep { Id = id, Robot = "dingtalk" }, typeof(GroupMessageSettings)),
        new("waitFor", id => new WaitForStep { Id = id }, typeof(WaitForSettings)),
        new("tags", id => new TagStep { Id = id }, typeof(TagSettings)),
        new("claim", id => new ClaimStep { Id = id }, typeof(ClaimSettings)),
    ];

    public static TriggerKind Trigger(WorkflowTrigger trigger) =>
        Triggers.FirstOrDefault(k => k.Type == WorkflowTypes.Triggers.NameOf(trigger)) ?? new(WorkflowTypes.Triggers.NameOf(trigger), () => trigger, typeof(NoTriggerSettings));

    /// <summary>A step's kind; one this version does not know keeps its JSON, edited as written.</summary>
    public static StepKind Step(WorkflowStep step) =>
        Steps.FirstOrDefault(k => k.Type == WorkflowTypes.Steps.NameOf(step)) ?? new(WorkflowTypes.Steps.NameOf(step), _ => step, typeof(StepJsonSettings));
}
