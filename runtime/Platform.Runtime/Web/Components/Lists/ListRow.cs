using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Platform.Engine.Records;

namespace Platform.Runtime.Web.Components.Lists;

/// <summary>
/// A row of a list: its record, its cells as the user reads them (people, departments and related records by name), its
/// group's name, and its cells as one piece of HTML. Drawn as HTML rather than as elements, a row is one string the server
/// holds for as long as the page is open instead of a dozen render-tree frames per cell, most of what an open list cost
/// (see the circuits benchmark). Everything a cell does is done in the browser by the list's one listener
/// (<c>platformLists.cells</c>), which also copies what a column's cells share from its heading and ticks the chosen rows.
/// </summary>
public sealed class ListRow(int index, RecordData record, string[] cells, string group, string link, string? selectLabel, string updated)
{
    // Only what HTML itself needs is escaped: Chinese text stays as it is, a third of the size of its character references.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private MarkupString? _html;

    public int Index => index;

    public RecordData Record => record;

    public string[] Cells => cells;

    public string Group => group;

    /// <summary>What the row is called where a person must tell it from others: its first cell, or its number.</summary>
    public string Title => cells.Length > 0 && cells[0].Length > 0 ? cells[0] : "#" + record.Id;

    /// <summary>The whole row, made once.</summary>
    public MarkupString Html => _html ??= new MarkupString($"<tr class=\"mud-table-row\" data-row=\"{index}\">{Between(0, cells.Length)}</tr>");

    /// <summary>
    /// The cells of columns <paramref name="from"/> to <paramref name="to"/> (not included): with the checkbox when it starts at
    /// the first column, with the time of the last change when it ends at the last. A row with a cell being edited is drawn
    /// around that cell from these.
    /// </summary>
    public MarkupString Between(int from, int to)
    {
        var html = new StringBuilder();
        if (from == 0 && selectLabel is not null)
            html.Append($"<td class=\"select-cell\"><input type=\"checkbox\" data-select=\"{index}\" aria-label=\"{Encoder.Encode($"{selectLabel} {Title}")}\" /></td>");
        for (var i = from; i < to; i++)
        {
            if (i == 0) html.Append($"<td><a href=\"{Encoder.Encode(link)}\" class=\"record-link\">{Encoder.Encode(Title)}</a></td>");
            else if (cells[i].Length == 0) html.Append("<td class=\"cell-empty\"></td>");
            else html.Append($"<td>{Encoder.Encode(cells[i])}</td>");
        }
        if (to == cells.Length) html.Append($"<td>{Encoder.Encode(updated)}</td>");
        return new MarkupString(html.ToString());
    }
}
