using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Platform.Engine.Telemetry;

/// <summary>
/// What the engine tells an operator's tracing and metrics (OpenTelemetry, when the runtime exports it): a span per
/// workflow run and per import, and counts of runs, steps and imported rows. Named <see cref="Name"/> for both.
/// </summary>
public static class PlatformTelemetry
{
    public const string Name = "Platform";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Workflow runs taken up, by app and workflow.</summary>
    public static readonly Counter<long> Runs = Meter.CreateCounter<long>("platform.workflow.runs", "{run}", "Workflow runs taken up");

    /// <summary>Workflow steps done, by kind.</summary>
    public static readonly Counter<long> Steps = Meter.CreateCounter<long>("platform.workflow.steps", "{step}", "Workflow steps run");

    /// <summary>Rows an import wrote (created or updated), by form.</summary>
    public static readonly Counter<long> ImportedRows = Meter.CreateCounter<long>("platform.import.rows", "{row}", "Rows imported");
}
