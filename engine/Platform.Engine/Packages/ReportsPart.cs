using Platform.Engine.Reports;
using Platform.Engine.Reports.Definitions;

namespace Platform.Engine.Packages;

/// <summary>The reports of an app.</summary>
public sealed class ReportsPart(ReportService reports) : DefinitionPart<ReportDefinition>
{
    public override string Name => "reports";

    public override int Order => 400;

    protected override async Task<IReadOnlyList<string>> KeysAsync(string app, CancellationToken ct) => (await reports.ListAsync(app, ct)).Select(r => r.Key).ToList();

    protected override async Task<ReportDefinition> GetAsync(string app, string key, CancellationToken ct) => (await reports.GetAsync(app, key, ct: ct)).Definition;

    protected override string Serialize(ReportDefinition definition) => ReportTypes.Serialize(definition);

    protected override ReportDefinition Parse(string json) => ReportTypes.Parse(json);

    protected override Task DeleteAsync(string app, string key, CancellationToken ct) => reports.DeleteAsync(app, key, ct);

    protected override string KeyOf(ReportDefinition definition) => definition.Key;

    protected override Task PublishAsync(ReportDefinition definition, PackageTarget target, CancellationToken ct) =>
        reports.PublishAsync(target.App, definition, userId: target.Caller.UserId, ct: ct);
}
