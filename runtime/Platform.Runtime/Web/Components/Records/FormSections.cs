using Platform.Engine.Forms;
using Platform.Engine.Models;

namespace Platform.Runtime.Web.Components.Records;

/// <summary>A field in a row of the record form, spanning <see cref="Span"/> of the row's 24 parts.</summary>
public sealed record FormCell(BoundField Field, int Span);

/// <summary>A row of the record form: its fields side by side, and how many of the 24 parts the layout gave them together.</summary>
public sealed record FormRow(IReadOnlyList<FormCell> Cells, int Parts)
{
    /// <summary>
    /// The cells <paramref name="shown"/> keeps, widened to fill what the row was given: a row that loses a field (one its
    /// reader may not see, one its condition hides, a stage moved along its path instead) closes the gap.
    /// </summary>
    public IReadOnlyList<FormCell> Shown(Func<FormCell, bool> shown) => Widen([.. Cells.Where(shown)], Parts);

    /// <summary><paramref name="cells"/> widened in proportion to fill <paramref name="parts"/>.</summary>
    public static IReadOnlyList<FormCell> Widen(IReadOnlyList<FormCell> cells, int parts)
    {
        var taken = cells.Sum(c => c.Span);
        if (taken == parts || taken == 0) return cells;
        var widened = cells.Select(c => c with { Span = Math.Max(1, c.Span * parts / taken) }).ToList();
        // What rounding left over goes to the last cell, so the row ends where it was meant to.
        var last = widened[^1];
        widened[^1] = last with { Span = Math.Max(1, last.Span + parts - widened.Sum(c => c.Span)) };
        return widened;
    }
}

/// <summary>A titled part of the record form: its rows of fields side by side.</summary>
public sealed record FormSection(LocalizedText? Title, IReadOnlyList<FormRow> Rows);

/// <summary>
/// How the record form lays out the fields its reader may see: the form's layout (sections with titles, rows of one to
/// four fields, each a share of 24), then any field the layout does not place, two to a row (long text, subforms and
/// files across the whole row). A form without a layout is that last part alone: its fields in order.
/// </summary>
public static class FormSections
{
    private const int Parts = FormLayout.Parts;

    public static IReadOnlyList<FormSection> Of(FormLayout? layout, IReadOnlyList<BoundField> shown)
    {
        var byKey = shown.ToDictionary(f => f.Key, StringComparer.Ordinal);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var sections = new List<FormSection>();
        foreach (var section in layout?.Sections ?? [])
        {
            var rows = section.Rows.Select(row =>
            {
                var widths = row.Columns.Select(c => Math.Clamp(c.Width, 1, Parts)).ToList();
                var parts = Math.Min(Parts, widths.Sum());
                var cells = row.Columns.Select((c, i) => (c.Field, Width: widths[i])).Where(c => byKey.ContainsKey(c.Field) && placed.Add(c.Field))
                    .Select(c => new FormCell(byKey[c.Field], c.Width)).ToList();
                return new FormRow(FormRow.Widen(cells, parts), parts);
            }).Where(row => row.Cells.Count > 0).ToList();
            if (rows.Count > 0) sections.Add(new FormSection(section.Title, rows));
        }
        var rest = new List<List<FormCell>>();
        List<FormCell>? open = null;
        foreach (var field in shown.Where(f => !placed.Contains(f.Key)))
        {
            if (LayoutRow.TakesWholeRow(field.Definition))
            {
                rest.Add([new FormCell(field, Parts)]);
                open = null;
            }
            else if (open is { Count: 1 })
            {
                open.Add(new FormCell(field, Parts / 2));
                open = null;
            }
            else
            {
                open = [new FormCell(field, Parts / 2)];
                rest.Add(open);
            }
        }
        // Each row is given what its fields take: a last field left alone keeps its half of the row.
        if (rest.Count > 0) sections.Add(new FormSection(null, [.. rest.Select(cells => new FormRow(cells, cells.Sum(c => c.Span)))]));
        return sections;
    }
}
