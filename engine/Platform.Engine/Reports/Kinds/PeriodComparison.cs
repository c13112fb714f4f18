using Platform.Engine.Reports.Sql;
using Platform.Engine.Validation;

namespace Platform.Engine.Reports.Kinds;

/// <summary>A figure beside the same figure for the period before: <c>previous</c>, <c>change</c> and <c>changeRate</c> (none when the period before had nothing).</summary>
internal static class PeriodComparison
{
    public static void Add(Dictionary<string, object?> values, object? now, object? before)
    {
        var (current, previous) = (ReportRun.Number(now), ReportRun.Number(before));
        values["previous"] = before;
        values["change"] = current - previous;
        values["changeRate"] = previous is null or 0 || current is null ? null : Math.Round((current.Value - previous.Value) / previous.Value, 6);
    }

    public static IEnumerable<ReportColumn> Columns(string culture, string previousType, string changeType) =>
    [
        new("previous", Messages.Format("report.previous", culture), "measure", previousType),
        new("change", Messages.Format("report.change", culture), "measure", changeType),
        new("changeRate", Messages.Format("report.changeRate", culture), "measure", "ratio"),
    ];
}
