using Platform.Engine.Forms;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Engine.Workflows;

/// <summary>A workflow as a list shows it.</summary>
public sealed record WorkflowInfo(string Key, LocalizedText? Name, string Form, string Trigger, int Version, bool Enabled, DateTime UpdatedAt);

/// <summary>A published (or, on a dry run, checked) workflow: the version it has or would have, and whether it runs.</summary>
public sealed record WorkflowPublishResult(bool DryRun, int Version, bool Enabled);

/// <summary>A workflow's current definition with its version and state.</summary>
public sealed record WorkflowVersion(WorkflowDefinition Definition, int Version, bool Enabled)
{
    /// <summary>The secret of its address <c>/hooks/{secret}</c>, for a workflow started by a webhook.</summary>
    public string? HookSecret { get; init; }
}

/// <summary>An enabled workflow as the dispatcher matches events against it.</summary>
internal sealed record ActiveWorkflow(long Id, long AppId, string AppKey, long FormId, int Version, WorkflowDefinition Definition);
