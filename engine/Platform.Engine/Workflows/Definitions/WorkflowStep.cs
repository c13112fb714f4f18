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
    public IReadOnlyList<Recipient> To { get; init; } = [];

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

/// <summary>A step this version does not know (a newer package's): kept as written, refused at publish by name.</summary>
public sealed record UnknownStep : WorkflowStep;
