using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;

namespace Platform.Designer.Forms;

/// <summary>
/// The layout operations of the designer's canvas, each giving a new definition: every field placed once, rows of one to
/// four fields sharing the row evenly, no empty rows, and the fields listed in the order the layout shows them (the order
/// the API, lists and exports read).
/// </summary>
public static class DesignLayout
{
    /// <summary>
    /// The definition with a layout placing every field: a form without one gets one untitled section, its fields two to
    /// a row as the record form shows them; fields the layout leaves out join the last section the same way.
    /// </summary>
    public static FormDefinition Complete(FormDefinition definition)
    {
        var keys = definition.Fields.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var sections = (definition.Layout?.Sections ?? []).Select(section => section with
        {
            Rows = [.. section.Rows
                .Select(row => row.Columns.Where(c => keys.Contains(c.Field) && placed.Add(c.Field)).Select(c => c.Field).ToList())
                .Where(fields => fields.Count > 0)
                .Select(Row)],
        }).ToList();
        if (sections.Count == 0) sections.Add(new LayoutSection());
        var rest = DefaultRows(definition.Fields.Where(f => !placed.Contains(f.Key)));
        sections[^1] = sections[^1] with { Rows = sections[^1].Rows.AddRange(rest) };
        var order = sections.SelectMany(s => s.Rows).SelectMany(r => r.Columns).Select((c, i) => (c.Field, i)).ToDictionary(p => p.Field, p => p.i);
        return definition with
        {
            Fields = [.. definition.Fields.OrderBy(f => order[f.Key])],
            Layout = (definition.Layout ?? new FormLayout()) with { Sections = [.. sections] },
        };
    }

    /// <summary>The definition with field <paramref name="key"/> (placed or not) moved to <paramref name="place"/>.</summary>
    public static FormDefinition Place(FormDefinition definition, string key, Place place)
    {
        var grid = Grid(definition);
        // Where it was counts: taking it out first moves what follows it in its own row.
        foreach (var (section, s) in grid.Select((x, i) => (x, i)))
            foreach (var (row, r) in section.Select((x, i) => (x, i)))
                if (row.IndexOf(key) is var at and >= 0)
                {
                    row.RemoveAt(at);
                    if (s == place.Section && r == place.Row && at < place.Column) place = place with { Column = place.Column - 1 };
                    if (row.Count == 0 && s == place.Section && r < place.Row) place = place with { Row = place.Row - 1 };
                }
        foreach (var section in grid) section.RemoveAll(row => row.Count == 0);
        var target = Math.Clamp(place.Section, 0, grid.Count);
        if (target == grid.Count) grid.Add([]);
        var rows = grid[target];
        var rowAt = Math.Clamp(place.Row, 0, rows.Count);
        if (rowAt == rows.Count || rows[rowAt].Count >= LayoutRow.MaxColumns) rows.Insert(rowAt == rows.Count ? rowAt : rowAt + 1, [key]);
        else rows[rowAt].Insert(Math.Clamp(place.Column, 0, rows[rowAt].Count), key);
        return WithGrid(definition, grid);
    }

    public static FormDefinition Without(FormDefinition definition, string key)
    {
        var grid = Grid(definition);
        foreach (var row in grid.SelectMany(s => s)) row.Remove(key);
        return WithGrid(definition, grid);
    }

    /// <summary>The layout naming <paramref name="to"/> where it named <paramref name="from"/>: a renamed field keeps its place.</summary>
    public static FormDefinition Renamed(FormDefinition definition, string from, string to)
    {
        var layout = definition.Layout ?? new FormLayout();
        return definition with
        {
            Layout = layout with
            {
                Sections = [.. layout.Sections.Select(s => s with
                {
                    Rows = [.. s.Rows.Select(r => r with { Columns = [.. r.Columns.Select(c => c.Field == from ? c with { Field = to } : c)] })],
                })],
            },
        };
    }

    /// <summary>A row of <paramref name="fields"/> sharing the 24 parts evenly, what rounding leaves to the last.</summary>
    public static LayoutRow Row(IReadOnlyList<string> fields)
    {
        var each = FormLayout.Parts / fields.Count;
        return new LayoutRow
        {
            Columns = [.. fields.Select((f, i) => new LayoutColumn { Field = f, Width = i == fields.Count - 1 ? FormLayout.Parts - each * (fields.Count - 1) : each })],
        };
    }

    private static IEnumerable<LayoutRow> DefaultRows(IEnumerable<FieldDefinition> fields)
    {
        var rows = new List<List<string>>();
        List<string>? open = null;
        foreach (var field in fields)
        {
            if (LayoutRow.TakesWholeRow(field))
            {
                rows.Add([field.Key]);
                open = null;
            }
            else if (open is { Count: 1 })
            {
                open.Add(field.Key);
                open = null;
            }
            else rows.Add(open = [field.Key]);
        }
        return rows.Select(Row);
    }

    private static List<List<List<string>>> Grid(FormDefinition definition) =>
        [.. Complete(definition).Layout!.Sections.Select(s => s.Rows.Select(r => r.Columns.Select(c => c.Field).ToList()).ToList())];

    private static FormDefinition WithGrid(FormDefinition definition, List<List<List<string>>> grid)
    {
        var layout = Complete(definition).Layout!;
        var sections = layout.Sections;
        var built = grid.Select((rows, i) => (i < sections.Count ? sections[i] : new LayoutSection()) with
        {
            Rows = [.. rows.Where(r => r.Count > 0).Select(Row)],
        });
        return Complete(definition with { Layout = layout with { Sections = [.. built] } });
    }
}
