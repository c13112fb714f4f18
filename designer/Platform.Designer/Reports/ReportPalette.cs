using Platform.Designer.Reports.Settings;
using Platform.Engine.Reports.Definitions;

namespace Platform.Designer.Reports;

/// <summary>A kind of report the designer offers: its pinned name, how a new one starts over a form, the panel that sets it.</summary>
public sealed record ReportKind(string Type, Func<ReportDefinition, ReportDefinition> Make, Type Panel);

/// <summary>The one place a report kind is matched to how it starts and its panel; a kind without a panel yet is set as its JSON.</summary>
public static class ReportPalette
{
    public static readonly IReadOnlyList<ReportKind> Kinds =
    [
        new("funnel", r => Carry(r, new FunnelReport()), typeof(FunnelSettings)),
        new("ranking", r => Carry(r, new RankingReport()), typeof(RankingSettings)),
        new("chart", r => Carry(r, new ChartReport { Dimensions = [new Dimension()], Measures = [new Measure()] }), typeof(ChartSettings)),
        new("pivot", r => Carry(r, new PivotReport()), typeof(PivotSettings)),
        new("kpi", r => Carry(r, new KpiReport()), typeof(KpiSettings)),
        new("dataQuality", r => Carry(r, new DataQualityReport()), typeof(ReportJsonSettings)),
    ];

    public static ReportKind For(ReportDefinition report) =>
        Kinds.FirstOrDefault(k => k.Type == ReportTypes.Kinds.NameOf(report)) ?? new(ReportTypes.Kinds.NameOf(report), r => r, typeof(ReportJsonSettings));

    // A report changed to another kind keeps what every kind has: its key, name, form, filter and period.
    private static ReportDefinition Carry(ReportDefinition from, ReportDefinition to) =>
        to with { Key = from.Key, Name = from.Name, Description = from.Description, Form = from.Form, Filter = from.Filter, Period = from.Period };
}
