using Platform.Engine.Reports.Definitions;
using Platform.Engine.Reports.Sql;

namespace Platform.Engine.Reports.Kinds;

/// <summary>How one kind of report is compiled and shaped: the only place that knows that kind.</summary>
internal interface IReportKind
{
    Type Definition { get; }

    /// <summary>Compiles the report for the run's caller, reads its groups (nothing in a check) and shapes the result.</summary>
    Task<ReportResult> RunAsync(ReportRun run, ReportDefinition report, CancellationToken ct);
}

internal abstract class ReportKind<T> : IReportKind where T : ReportDefinition
{
    public Type Definition => typeof(T);

    public Task<ReportResult> RunAsync(ReportRun run, ReportDefinition report, CancellationToken ct) => RunAsync(run, (T)report, ct);

    protected abstract Task<ReportResult> RunAsync(ReportRun run, T report, CancellationToken ct);
}

/// <summary>The kinds by the definition type they read.</summary>
internal static class ReportKinds
{
    private static readonly IReadOnlyDictionary<Type, IReportKind> ByType = new IReportKind[]
    {
        new ChartKind(), new RankingKind(), new PivotKind(), new KpiKind(), new FunnelKind(), new DataQualityKind(),
    }.ToDictionary(k => k.Definition);

    public static IReportKind? For(ReportDefinition report) => ByType.GetValueOrDefault(report.GetType());
}
