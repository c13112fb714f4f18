using System.Text.Json;
using Platform.Engine.Forms;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Engine.Reports.Definitions;

/// <summary>The pinned names of report kinds as stored JSON writes them in <c>"type"</c>, and the JSON options of reports.</summary>
public static class ReportTypes
{
    public static readonly PinnedTypes<ReportDefinition> Kinds = new(
    [
        ("funnel", typeof(FunnelReport)),
        ("ranking", typeof(RankingReport)),
        ("chart", typeof(ChartReport)),
        ("pivot", typeof(PivotReport)),
        ("kpi", typeof(KpiReport)),
        ("dataQuality", typeof(DataQualityReport)),
    ], (_, json) => new UnknownReport { OriginalJson = json, Key = json["key"]?.GetValueKind() == JsonValueKind.String ? (string)json["key"]! : "" });

    public static readonly JsonSerializerOptions Options = FormJson.OptionsWith(new PinnedTypeConverter<ReportDefinition>(Kinds));

    public static ReportDefinition Parse(string json) =>
        JsonSerializer.Deserialize<ReportDefinition>(json, Options) ?? throw new JsonException("A report definition is a JSON object.");

    public static string Serialize(ReportDefinition report) => JsonSerializer.Serialize(report, Options);
}
