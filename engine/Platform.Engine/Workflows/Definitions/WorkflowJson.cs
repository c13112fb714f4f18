using System.Text.Json;
using Platform.Engine.Forms;

namespace Platform.Engine.Workflows.Definitions;

/// <summary>The one set of JSON options for stored and exchanged workflow definitions: those of forms, with triggers and steps by their pinned names.</summary>
public static class WorkflowJson
{
    public static readonly JsonSerializerOptions Options = FormJson.OptionsWith(
        new PinnedTypeConverter<WorkflowTrigger>(WorkflowTypes.Triggers), new PinnedTypeConverter<WorkflowStep>(WorkflowTypes.Steps));

    public static WorkflowDefinition Parse(string json) =>
        JsonSerializer.Deserialize<WorkflowDefinition>(json, Options) ?? throw new JsonException("A workflow definition is a JSON object.");

    public static string Serialize(WorkflowDefinition workflow) => JsonSerializer.Serialize(workflow, Options);
}
