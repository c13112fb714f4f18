namespace Platform.Engine.Reports.Dashboards;

/// <summary>A dashboard as one viewer sees it: each placed report with its result, or why that viewer cannot see it.</summary>
public sealed record DashboardResult(string Key, string Name, IReadOnlyList<DashboardItemResult> Items);

/// <param name="Error">Why the viewer gets no result here (a form they may not read, a field hidden from them); the rest of the dashboard still shows.</param>
public sealed record DashboardItemResult(string Report, int X, int Y, int W, int H, string Title, ReportResult? Result, ReportMessage? Error)
{
    /// <summary>The form the report counts: the records its drill-down filters find (null when the report could not be read).</summary>
    public string? Form { get; init; }
}
