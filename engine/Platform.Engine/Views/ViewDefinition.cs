using System.Text.Json;
using System.Text.Json.Serialization;
using Platform.Engine.Forms;

namespace Platform.Engine.Views;

/// <summary>
/// A saved way of looking at a form's records: which of them (the record filter language), in what order, which columns
/// (and how wide), laid out as a table, a board or a calendar. Shared views are the app's (and travel in its package);
/// a private one is its owner's alone (see <see cref="ViewKeys"/>).
/// </summary>
public sealed record ViewDefinition
{
    public string Key { get; init; } = "";

    public LocalizedText? Name { get; init; }

    public string Form { get; init; } = "";

    /// <summary>How the records are laid out: one of <see cref="ViewLayouts.Names"/>.</summary>
    public string Layout { get; init; } = ViewLayouts.Table;

    /// <summary>The field the layout arranges by: a table's groups, a board's columns, a calendar's days.</summary>
    public string? By { get; init; }

    public JsonElement? Filter { get; init; }

    public IReadOnlyList<ViewSort> Sort { get; init; } = [];

    /// <summary>The columns in order; none means the form's first fields.</summary>
    public IReadOnlyList<ViewColumn> Columns { get; init; } = [];

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>A sort key as the query API writes it: <c>{ "field": "amount", "dir": "desc" }</c>.</summary>
public sealed record ViewSort
{
    public string Field { get; init; } = "";

    public string Dir { get; init; } = "asc";

    /// <summary>The key as the query engine takes it (a direction other than <c>desc</c> sorts ascending; saving checks it).</summary>
    public Records.Query.SortKey ToSortKey() => new(Field, Dir == "desc");
}

/// <summary>A column of a table view, with its width in pixels when the user set one.</summary>
public sealed record ViewColumn
{
    public string Field { get; init; } = "";

    public int? Width { get; init; }
}
