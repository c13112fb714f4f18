using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Platform.Engine.Workflows.Definitions;

/// <summary>
/// What starts a workflow's run. Each kind is one record here and says, in <see cref="Starts"/>, which record
/// events start it; its pinned name is in <see cref="WorkflowTypes.Triggers"/>.
/// </summary>
public abstract record WorkflowTrigger : IPinnedType
{
    /// <summary>A formula over the record that must be true for the run to act (none: always). Checked when the run starts.</summary>
    public string? Condition { get; init; }

    [JsonIgnore]
    public JsonObject? OriginalJson { get; init; }

    /// <summary>Settings a newer version wrote; kept so a round trip loses nothing.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }

    /// <summary>Whether a change of a record of the workflow's form starts a run.</summary>
    public virtual bool Starts(RecordEvent change) => false;
}

/// <summary>A change as the outbox tells it: <c>record.created</c>, <c>record.updated</c> (with the fields that changed), <c>record.deleted</c>…</summary>
public sealed record RecordEvent(string Kind, IReadOnlyCollection<string> ChangedFields);

/// <summary>A record of the form was created.</summary>
public sealed record RecordCreatedTrigger : WorkflowTrigger
{
    public override bool Starts(RecordEvent change) => change.Kind == "record.created";
}

/// <summary>A record of the form was changed; with <see cref="Fields"/>, only when one of them really changed (old ≠ new).</summary>
public sealed record RecordUpdatedTrigger : WorkflowTrigger
{
    public IReadOnlyList<string>? Fields { get; init; }

    public override bool Starts(RecordEvent change) =>
        change.Kind == "record.updated" && (Fields is not { Count: > 0 } || Fields.Any(change.ChangedFields.Contains));
}

/// <summary>A record of the form was moved to the recycle bin.</summary>
public sealed record RecordDeletedTrigger : WorkflowTrigger
{
    public override bool Starts(RecordEvent change) => change.Kind == "record.deleted";
}

/// <summary>A person starts it on one record, with a button or <c>POST …/records/{id}/actions/{workflow}</c>.</summary>
public sealed record ManualTrigger : WorkflowTrigger
{
    public Forms.LocalizedText? Label { get; init; }
}

/// <summary>A trigger this version does not know (a newer package's): kept as written, refused at publish by name.</summary>
public sealed record UnknownTrigger : WorkflowTrigger;
