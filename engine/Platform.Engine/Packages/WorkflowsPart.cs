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

    protected override async Task PublishAsync(WorkflowDefinition definition, PackageTarget target, CancellationToken ct)
    {
        await workflows.PublishAsync(target.App, definition, userId: target.Caller.UserId, ct: ct);
        if (target.Trusted) await workflows.EnableAsync(target.App, definition.Key, ct);
    }
}
