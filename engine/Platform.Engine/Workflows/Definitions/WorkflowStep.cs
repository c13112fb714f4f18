using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Platform.Engine.Forms;

namespace Platform.Engine.Workflows.Definitions;

/// <summary>
/// One step of a workflow, named by its <see cref="Id"/>. After it, the run goes on to <see cref="Next"/>, or to the
/// following step in the list when that is not given; <c>"end"</c> ends the run. Each kind is one record, handled
/// by one <c>StepHandler</c>; its pinned name is in <see cref="WorkflowTypes.Steps"/>.
/// </summary>
public abstract record WorkflowStep : IPinnedType
{
    public const string End = "end";

    public required string Id { get; init; }

    public LocalizedText? Name { get; init; }

    public string? Next { get; init; }

    [JsonIgnore]
    public JsonObject? OriginalJson { get; init; }

    /// <summary>Settings a newer version wrote; kept so a round trip loses nothing.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }

    /// <summary>The steps this one can lead to by its own settings (a branch's two ways), besides <see cref="Next"/>.</summary>
    [JsonIgnore]
    public virtual IEnumerable<string?> Ways => [];
}

/// <summary>Sets fields of the record that started the run; each value is a formula over that record.</summary>
public sealed record UpdateRecordStep : WorkflowStep
{
    public IReadOnlyDictionary<string, string> Values { get; init; } = new Dictionary<string, string>();
}

/// <summary>Creates a record of <see cref="Form"/> (of the same app); each value is a formula over the record that started the run.</summary>
public sealed record CreateRecordStep : WorkflowStep
{
    public string Form { get; init; } = "";

    public IReadOnlyDictionary<string, string> Values { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Tells people something in the app (their notifications, unread until read). <see cref="Title"/> and
/// <see cref="Body"/> are formulas (a text in quotes, or joined with the record's fields).
/// </summary>
public sealed record NotifyStep : WorkflowStep
{
    public const string InApp = "inApp";
    public const string Email = "email";

    public IReadOnlyList<Recipient> To { get; init; } = [];

    /// <summary>How they are told: <c>inApp</c> (when not given) and/or <c>email</c> (to the address they sign in with).</summary>
    public IReadOnlyList<string>? Channels { get; init; }

    [JsonIgnore]
    public IReadOnlyList<string> Told => Channels ?? [InApp];

    public string Title { get; init; } = "";

    public string? Body { get; init; }
}

/// <summary>
/// Who a notification goes to: one user, the user in a user field of the record (its owner…), every member of a role of
/// the app, or the manager of the user in a user field (escalation: the owner's manager).
/// </summary>
public sealed record Recipient
{
    public long? User { get; init; }

    public string? Field { get; init; }

    public string? Role { get; init; }

    public string? ManagerOf { get; init; }
}

/// <summary>Goes on to <see cref="Then"/> when <see cref="Condition"/> holds for the record, else to <see cref="Else"/> (an id, or <c>"end"</c>).</summary>
public sealed record BranchStep : WorkflowStep
{
    public string Condition { get; init; } = "";

    public string? Then { get; init; }

    public string? Else { get; init; }

    public override IEnumerable<string?> Ways => [Then, Else];
}

/// <summary>
/// Waits, then goes on: for a time (<see cref="Days"/>, <see cref="Hours"/>, <see cref="Minutes"/>) or until the date a
/// formula gives (<see cref="Until"/>; a time already past goes on at once). The run waits as a stored due time, so a
/// restart loses nothing.
/// </summary>
public sealed record DelayStep : WorkflowStep
{
    public int Days { get; init; }

    public int Hours { get; init; }

    public int Minutes { get; init; }

    public string? Until { get; init; }
}

/// <summary>Puts the run's record back into the public pool, with <see cref="Reason"/> (a formula) for its history.</summary>
public sealed record ReturnToPoolStep : WorkflowStep
{
    public string? Reason { get; init; }
}

/// <summary>
/// Gives the record an owner: <see cref="User"/>, the user id a <see cref="Formula"/> gives (by rule), or a member of a
/// <see cref="Role"/> or <see cref="Department"/>, <see cref="By"/> <c>roundRobin</c> (the default) or <c>leastLoaded</c>.
/// </summary>
public sealed record AssignOwnerStep : WorkflowStep
{
    public const string RoundRobin = "roundRobin";
    public const string LeastLoaded = "leastLoaded";

    public long? User { get; init; }

    public string? Formula { get; init; }

    public string? Role { get; init; }

    public long? Department { get; init; }

    public string? By { get; init; }
}

/// <summary>
/// Calls another system: <see cref="Method"/> (POST by default) to <see cref="Url"/> with <see cref="Headers"/> and a JSON
/// body whose properties are formulas over the record, through the platform's one outbound client (no address of this
/// machine or a private network unless allowed). It carries an <c>Idempotency-Key</c> that stays the same when the step is
/// tried again, so the receiver can tell a retry from a new call.
/// </summary>
public sealed record CallWebhookStep : WorkflowStep
{
    public string Url { get; init; } = "";

    public string? Method { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Body { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Asks people to approve: each of <see cref="Approvers"/> (users, user fields, roles, managers) gets a task; with
/// <see cref="Mode"/> <c>any</c> (the default) the first decision decides, with <c>all</c> every approver must approve and
/// one refusal refuses. An approver approves, rejects, returns it to the submitter or hands it to someone else, with a
/// comment. The run waits, and goes on to <see cref="WorkflowStep.Next"/> when approved, to <see cref="Rejected"/> or
/// <see cref="Returned"/> (an id, or <c>"end"</c>, the default) otherwise. Past <see cref="Due"/> it reminds the approvers
/// (again each time the same span passes), or approves or returns by itself (<see cref="OnDue"/>).
/// </summary>
public sealed record ApprovalStep : WorkflowStep
{
    public const string Any = "any";
    public const string All = "all";
    public const string Remind = "remind";
    public const string Approve = "approve";
    public const string Return = "return";

    public IReadOnlyList<Recipient> Approvers { get; init; } = [];

    public string? Mode { get; init; }

    /// <summary>What the approvers are asked, a formula; the workflow's name when not given.</summary>
    public string? Title { get; init; }

    /// <summary>The fields of the record the approvers see, as they stood when asked (they may not see the record itself).</summary>
    public IReadOnlyList<string> Show { get; init; } = [];

    public Span? Due { get; init; }

    public string? OnDue { get; init; }

    public string? Rejected { get; init; }

    public string? Returned { get; init; }

    /// <summary>Approved goes on as usual (null); rejected and returned end unless they name a step.</summary>
    public override IEnumerable<string?> Ways => [null, Rejected ?? End, Returned ?? End];
}

/// <summary>
/// Gives someone a task: a record of the app's built-in task form (title, assignee, due, status, note, and the record it
/// is about), owned by its assignee. <see cref="Assignee"/> names one person (a user, a user field, the manager of one);
/// a role gives the task to its members in turn. It is due <see cref="Due"/> from now, or at the date formula
/// <see cref="DueAt"/> gives; the assignee is told.
/// </summary>
public sealed record CreateTaskStep : WorkflowStep
{
    public string Title { get; init; } = "";

    public Recipient? Assignee { get; init; }

    public Span? Due { get; init; }

    public string? DueAt { get; init; }

    public string? Note { get; init; }
}

/// <summary>
/// Posts to a group chat through its robot: <see cref="Robot"/> <c>dingtalk</c> (钉钉, signed with <see cref="Secret"/>
/// when the robot has one) or <c>wecom</c> (企业微信), at the robot's <see cref="Url"/>. <see cref="Title"/> and
/// <see cref="Text"/> (Markdown) are formulas over the record. The message is sent after the step commits, once.
/// </summary>
public sealed record GroupMessageStep : WorkflowStep
{
    public string Robot { get; init; } = "";

    public string Url { get; init; } = "";

    public string? Secret { get; init; }

    public string? Title { get; init; }

    public string Text { get; init; } = "";
}

/// <summary>
/// Waits until <see cref="Condition"/> holds for the run's record, looked at again each time the record changes, for at
/// most <see cref="Timeout"/>; then goes on (held) or to <see cref="TimedOut"/> (an id, or <c>"end"</c>, the default).
/// </summary>
public sealed record WaitForStep : WorkflowStep
{
    public string Condition { get; init; } = "";

    public Span? Timeout { get; init; }

    public string? TimedOut { get; init; }

    /// <summary>Held goes on as usual (null); timed out ends unless it names a step.</summary>
    public override IEnumerable<string?> Ways => [null, TimedOut ?? End];
}

/// <summary>Moves the run's record to <see cref="Stage"/> of the stage field <see cref="Field"/>, through the stage's rules.</summary>
public sealed record SetStageStep : WorkflowStep
{
    public string Field { get; init; } = "";

    public string Stage { get; init; } = "";
}

/// <summary>Adds <see cref="Add"/> and removes <see cref="Remove"/> among the tags (options) of the multi-select field <see cref="Field"/>.</summary>
public sealed record TagStep : WorkflowStep
{
    public string Field { get; init; } = "";

    public IReadOnlyList<string> Add { get; init; } = [];

    public IReadOnlyList<string> Remove { get; init; } = [];
}

/// <summary>
/// Claims the run's record from the public pool for <see cref="For"/> (one person: a user, a user field, the manager of
/// one), or for the person whose change started the run, under the pool's rules for them.
/// </summary>
public sealed record ClaimStep : WorkflowStep
{
    public Recipient? For { get; init; }
}

/// <summary>A length of time in days, hours and minutes.</summary>
public sealed record Span
{
    public int Days { get; init; }

    public int Hours { get; init; }

    public int Minutes { get; init; }

    public TimeSpan Length => new(Days, Hours, Minutes, 0);
}

/// <summary>A step this version does not know (a newer package's): kept as written, refused at publish by name.</summary>
public sealed record UnknownStep : WorkflowStep;
