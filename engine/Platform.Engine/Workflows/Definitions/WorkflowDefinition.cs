using System.Text.Json;
using System.Text.Json.Serialization;
using Platform.Engine.Forms;

namespace Platform.Engine.Workflows.Definitions;

/// <summary>
/// A workflow of an app as its designer saved it: what starts it (on records of <see cref="Form"/>) and the steps a
/// run takes. Published as numbered versions like forms; a run keeps the version it started with.
/// </summary>
public sealed record WorkflowDefinition
{
    public required string Key { get; init; }

    public LocalizedText? Name { get; init; }

    public string? Description { get; init; }

    /// <summary>The form whose records start it and whose fields its formulas read.</summary>
    public string Form { get; init; } = "";

    public required WorkflowTrigger Trigger { get; init; }

    public IReadOnlyList<WorkflowStep> Steps { get; init; } = [];

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }

    /// <summary>The step a run takes after <paramref name="step"/> when the step does not choose: its next, or the following one.</summary>
    public string? After(WorkflowStep step)
    {
        if (step.Next is { } next) return next == WorkflowStep.End ? null : next;
        var index = Steps.ToList().IndexOf(step);
        return index + 1 < Steps.Count ? Steps[index + 1].Id : null;
    }

    /// <summary>Where <paramref name="step"/> can lead: each of its ways (one not given goes on as <see cref="After"/>), or else what follows it; null is the end.</summary>
    public IEnumerable<string?> Leads(WorkflowStep step) =>
        step.Ways.Any() ? step.Ways.Select(way => way == WorkflowStep.End ? null : way ?? After(step)) : [After(step)];

    public WorkflowStep? Step(string id) => Steps.FirstOrDefault(s => s.Id == id);
}
