using System.Text.Json;
using System.Text.Json.Serialization;
using Platform.Engine.Forms;

namespace Platform.Engine.Reports.Dashboards;

/// <summary>
/// A named layout of an app's reports on a 12-column grid, with a filter shared by all of them (each report takes the
/// conditions its form can answer), published as versions like reports.
/// </summary>
public sealed record DashboardDefinition
{
    public string Key { get; init; } = "";

    public LocalizedText? Name { get; init; }

    public IReadOnlyList<DashboardItem> Items { get; init; } = [];

    /// <summary>The shared filter: the record filter language, applied to every report whose form has the fields it names.</summary>
    public JsonElement? Filter { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>A report placed on the grid: column <see cref="X"/> (0–11), row <see cref="Y"/>, <see cref="W"/> columns wide and <see cref="H"/> rows high.</summary>
public sealed record DashboardItem
{
    public string Report { get; init; } = "";

    public int X { get; init; }

    public int Y { get; init; }

    public int W { get; init; } = 6;

    public int H { get; init; } = 4;

    public LocalizedText? Title { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}
