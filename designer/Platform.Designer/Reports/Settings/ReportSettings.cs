using Platform.Engine.Reports.Definitions;

namespace Platform.Designer.Reports.Settings;

/// <summary>A report kind's panel.</summary>
public abstract class ReportSettings<TReport> : PartSettings<ReportDefinition, TReport> where TReport : ReportDefinition;
