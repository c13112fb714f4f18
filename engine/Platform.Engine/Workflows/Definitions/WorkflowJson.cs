using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Engine.Workflows.Definitions;

/// <summary>The one set of JSON options for stored and exchanged workflow definitions.</summary>
public static class WorkflowJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            MaxDepth = 64,
        };
        options.Converters.Add(new PinnedTypeConverter<WorkflowTrigger>(WorkflowTypes.Triggers));
        options.Converters.Add(new PinnedTypeConverter<WorkflowStep>(WorkflowTypes.Steps));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static WorkflowDefinition Parse(string json) =>
        JsonSerializer.Deserialize<WorkflowDefinition>(json, Options) ?? throw new JsonException("A workflow definition is a JSON object.");

    public static string Serialize(WorkflowDefinition workflow) => JsonSerializer.Serialize(workflow, Options);
}
