using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Platform.Engine.Forms;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Engine.Reports.Definitions;

/// <summary>
/// A report of an app as its designer saved it: the form it counts (<see cref="Form"/>), which of its records
/// (<see cref="Filter"/>, <see cref="Period"/>), and what it shows — the kind, a pinned name in <c>"type"</c>. Published as
/// numbered versions; a kind this version does not know keeps its JSON.
/// </summary>
public abstract record ReportDefinition : IPinnedType
{
    public string Key { get; init; } = "";

    public LocalizedText? Name { get; init; }

    public string? Description { get; init; }

    /// <summary>The form whose records are counted.</summary>
    public string Form { get; init; } = "";

    /// <summary>Which records count: the record filter language (<c>me</c>, <c>myDepartment</c> and relative dates included).</summary>
    public JsonElement? Filter { get; init; }

    /// <summary>The span of time the records fall in, by one of their date fields; rankings and KPIs compare it with the span before.</summary>
    public ReportPeriod? Period { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }

    [JsonIgnore]
    public JsonObject? OriginalJson { get; init; }

    /// <summary>The other forms the report reads (through relations), loaded before it runs.</summary>
    public virtual IEnumerable<string> RelatedForms() => [];

    protected static IEnumerable<string> RelatedOf(params Measure?[] measures) => measures.Select(m => m?.Via?.Form).OfType<string>();
}

/// <summary>A report of a kind this version does not know: kept as it was written, refused when run.</summary>
public sealed record UnknownReport : ReportDefinition;
