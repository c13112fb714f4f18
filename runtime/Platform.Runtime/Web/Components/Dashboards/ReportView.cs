using Microsoft.AspNetCore.Components;
using Platform.Engine.Records.Query;
using Platform.Engine.Reports;

namespace Platform.Runtime.Web.Components.Dashboards;

/// <summary>What every report's view takes: the result as the viewer sees it, and where a click on a group leads (its records).</summary>
public abstract class ReportView : ComponentBase
{
    [CascadingParameter] public SignedIn SignedIn { get; set; } = default!;

    [Parameter, EditorRequired] public ReportResult Result { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";

    /// <summary>A group clicked: the filter of its records (the report's drill-down).</summary>
    [Parameter] public EventCallback<Filter?> OnDrill { get; set; }

    protected ReportColumn? Dimension => Result.Columns.FirstOrDefault(c => c.Role == "dimension");

    protected IEnumerable<ReportColumn> Measures => Result.Columns.Where(c => c.Role == "measure");

    /// <summary>A row's words for its group (the label the engine gave in the viewer's language).</summary>
    protected string Label(ReportRow row) => Dimension is { } dimension
        ? row.Labels?.GetValueOrDefault(dimension.Key) ?? Convert.ToString(row.Values.GetValueOrDefault(dimension.Key), SignedIn.Text.CultureInfo) ?? ""
        : "";

    protected static decimal Number(object? value) => value is null ? 0 : Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture);

    protected string Shown(ReportColumn column, object? value) => value switch
    {
        null => "—",
        decimal or double or long or int when column.Type == "percent" => (Number(value) * 100).ToString("0.#", SignedIn.Text.CultureInfo) + "%",
        decimal or double or float => Number(value).ToString("N2", SignedIn.Text.CultureInfo),
        long or int => Number(value).ToString("N0", SignedIn.Text.CultureInfo),
        _ => Convert.ToString(value, SignedIn.Text.CultureInfo) ?? "",
    };
}

/// <summary>The one place each report kind gets its view on a dashboard (a kind the web app does not know shows as a table).</summary>
public static class ReportViews
{
    private static readonly Dictionary<string, Type> ByKind = new(StringComparer.Ordinal)
    {
        ["kpi"] = typeof(KpiView),
        ["funnel"] = typeof(ChartView),
        ["chart"] = typeof(ChartView),
    };

    public static Type For(string kind) => ByKind.GetValueOrDefault(kind) ?? typeof(TableView);
}
