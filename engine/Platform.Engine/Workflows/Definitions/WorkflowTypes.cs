using System.Text.Json.Nodes;

namespace Platform.Engine.Workflows.Definitions;

/// <summary>The pinned names of triggers and steps as stored JSON writes them in <c>"type"</c>.</summary>
public static class WorkflowTypes
{
    public static readonly PinnedTypes<WorkflowTrigger> Triggers = new(
    [
        ("recordCreated", typeof(RecordCreatedTrigger)),
        ("recordUpdated", typeof(RecordUpdatedTrigger)),
        ("recordDeleted", typeof(RecordDeletedTrigger)),
        ("manual", typeof(ManualTrigger)),
        ("date", typeof(DateTrigger)),
        ("conditionHeld", typeof(ConditionHeldTrigger)),
        ("stageEntered", typeof(StageEnteredTrigger)),
        ("stageLeft", typeof(StageLeftTrigger)),
        ("schedule", typeof(ScheduleTrigger)),
        ("webhook", typeof(WebhookTrigger)),
    ], (_, json) => new UnknownTrigger { OriginalJson = json });

    public static readonly PinnedTypes<WorkflowStep> Steps = new(
    [
        ("updateRecord", typeof(UpdateRecordStep)),
        ("createRecord", typeof(CreateRecordStep)),
        ("notify", typeof(NotifyStep)),
        ("branch", typeof(BranchStep)),
        ("delay", typeof(DelayStep)),
        ("returnToPool", typeof(ReturnToPoolStep)),
        ("assignOwner", typeof(AssignOwnerStep)),
        ("callWebhook", typeof(CallWebhookStep)),
        ("approval", typeof(ApprovalStep)),
        ("createTask", typeof(CreateTaskStep)),
        ("groupMessage", typeof(GroupMessageStep)),
        ("waitFor", typeof(WaitForStep)),
        ("setStage", typeof(SetStageStep)),
        ("tags", typeof(TagStep)),
        ("claim", typeof(ClaimStep)),
    ], (_, json) => new UnknownStep { Id = json["id"] is JsonValue id && id.TryGetValue<string>(out var text) ? text : "", OriginalJson = json });
}
