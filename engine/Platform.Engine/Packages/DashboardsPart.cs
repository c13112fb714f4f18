using System.Text.Json;
using Platform.Engine.Reports.Dashboards;

namespace Platform.Engine.Packages;

/// <summary>The dashboards of an app, after the reports they show.</summary>
public sealed class DashboardsPart(DashboardService dashboards) : DefinitionPart<DashboardDefinition>
{
    public override string Name => "dashboards";

    public override int Order => 500;

    protected override async Task<IReadOnlyList<string>> KeysAsync(string app, CancellationToken ct) => (await dashboards.ListAsync(app, ct)).Select(d => d.Key).ToList();

    protected override async Task<DashboardDefinition> GetAsync(string app, string key, CancellationToken ct) => (await dashboards.GetAsync(app, key, ct: ct)).Definition;

    protected override string Serialize(DashboardDefinition definition) => JsonSerializer.Serialize(definition, DashboardService.Options);

    protected override DashboardDefinition Parse(string json) =>
        JsonSerializer.Deserialize<DashboardDefinition>(json, DashboardService.Options) ?? throw new JsonException("A dashboard is an object.");

    protected override Task DeleteAsync(string app, string key, CancellationToken ct) => dashboards.DeleteAsync(app, key, ct);

    protected override string KeyOf(DashboardDefinition definition) => definition.Key;

    protected override Task PublishAsync(DashboardDefinition definition, PackageTarget target, CancellationToken ct) =>
        dashboards.PublishAsync(target.App, definition, userId: target.Caller.UserId, ct: ct);
}
