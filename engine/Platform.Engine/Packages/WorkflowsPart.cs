using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Engine.Forms;
using Platform.Engine.Validation;
using Platform.Engine.Workflows;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Engine.Packages;

/// <summary>
/// The workflows of an app. The runtime's own packages are trusted and their workflows arrive enabled; an uploaded
/// package's arrive disabled until an admin enables them (a workflow may send mail or call out).
/// </summary>
public sealed class WorkflowsPart(WorkflowService workflows) : DefinitionPart<WorkflowDefinition>
{
    public override string Name => "workflows";

    public override int Order => 300;

    protected override async Task<IReadOnlyList<string>> KeysAsync(string app, CancellationToken ct) => (await workflows.ListAsync(app, ct)).Select(w => w.Key).ToList();

    protected override async Task<WorkflowDefinition> GetAsync(string app, string key, CancellationToken ct) => (await workflows.GetAsync(app, key, ct: ct)).Definition;

    protected override string Serialize(WorkflowDefinition definition) => WorkflowJson.Serialize(definition);

    protected override WorkflowDefinition Parse(string json) => WorkflowJson.Parse(json);

    protected override Task DeleteAsync(string app, string key, CancellationToken ct) => workflows.DeleteAsync(app, key, ct);

    protected override string KeyOf(WorkflowDefinition definition) => definition.Key;

    /// <summary>Each workflow checked against the package's own forms and roles, and the addresses it calls against the outbound rules.</summary>
    public override async Task<IReadOnlyList<ValidationError>> CheckWithAsync(JsonArray items, JsonObject package, CancellationToken ct)
    {
        var forms = new Dictionary<string, FormDefinition>(StringComparer.Ordinal);
        foreach (var form in (package["forms"] as JsonArray ?? []).OfType<JsonObject>())
        {
            try
            {
                var definition = FormJson.Parse(form.ToJsonString());
                forms[definition.Key] = definition;
            }
            catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
            {
                // The forms part names what cannot be read.
            }
        }
        var roles = (package["roles"] as JsonArray ?? []).OfType<JsonNode>().Select(KeyOf).ToHashSet(StringComparer.Ordinal);
        var errors = new List<ValidationError>();
        foreach (var (workflow, i) in ParseAll(items).Select((w, i) => (w, i)))
            errors.AddRange((await workflows.CheckAsync(workflow, forms, roles, ct)).Select(e => e with { Field = $"{Name}[{i}].{e.Field}" }));
        return errors;
    }

    protected override async Task PublishAsync(WorkflowDefinition definition, PackageTarget target, CancellationToken ct)
    {
        await workflows.PublishAsync(target.App, definition, userId: target.Caller.UserId, ct: ct);
        if (target.Trusted) await workflows.EnableAsync(target.App, definition.Key, ct);
    }
}
