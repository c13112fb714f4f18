using System.Text.Json.Nodes;

namespace Platform.Engine.Workflows.Approvals;

/// <summary>
/// An approval a workflow asked for: what the approvers see (<see cref="Values"/>, the fields as they stood when asked),
/// where it stands, and each approver's task with their decision and comment.
/// </summary>
public sealed record ApprovalInfo(long Id, string AppKey, string FormKey, long? RecordId, long RunId, string Title, string Mode, string Status,
    long? SubmitterId, JsonObject? Values, DateTime? DueAt, DateTime CreatedAt, DateTime? DecidedAt, IReadOnlyList<ApprovalTaskInfo> Tasks)
{
    /// <summary>The step of the run that asked.</summary>
    internal string StepId { get; init; } = "";

    /// <summary>How many reminders were sent.</summary>
    internal long Reminders { get; init; }
}

/// <summary>One approver's part: pending until they approve, reject, return or hand it on (to <see cref="TransferredTo"/>).</summary>
public sealed record ApprovalTaskInfo(long Id, long UserId, string Status, string? Comment, long? TransferredTo, DateTime CreatedAt, DateTime? DecidedAt);

/// <summary>Where an approval or one approver's task stands; pinned names, stored and shown.</summary>
public static class ApprovalStatus
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string Returned = "returned";
    public const string Cancelled = "cancelled";

    /// <summary>A task handed to someone else.</summary>
    public const string Transferred = "transferred";

    /// <summary>A task nobody needs any more: another approver decided, or the due time did.</summary>
    public const string Closed = "closed";

    /// <summary>What a person may decide, by the name the API uses, and the status each gives their task.</summary>
    public static readonly IReadOnlyDictionary<string, string> Decisions = new Dictionary<string, string>
    {
        ["approve"] = Approved, ["reject"] = Rejected, ["return"] = Returned,
    };
}
