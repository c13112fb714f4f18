using System.Globalization;
using System.Text.Json.Nodes;
using MiniExcelLibs;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Models;

namespace Platform.Engine.Sheets.Import;

/// <summary>
/// Subform rows from a workbook's further sheets: a sheet named as a subform field (its label in either language, or its
/// key) whose first column holds, for each of its rows, the value of the main sheet's first column of the parent row (an
/// order number, a customer's name); its other columns are the subform's fields by label or key. They are read whole before
/// the main rows are written, since they may come in any order; a parent's rows keep their order in the sheet.
/// </summary>
internal sealed class SubformSheets
{
    private readonly Dictionary<string, Dictionary<string, JsonArray>> _rows = new(StringComparer.Ordinal);

    public static SubformSheets Read(Stream file, string format, FormModel model, ImportCell cell, ImportOptions limits)
    {
        var sheets = new SubformSheets();
        var subforms = model.Fields.Where(f => f.Definition is SubformField).ToList();
        if (format != SheetFile.Xlsx || subforms.Count == 0) return sheets;
        file.Position = 0;
        var names = MiniExcel.GetSheetNames(file);
        foreach (var subform in subforms)
        {
            var definition = (SubformField)subform.Definition;
            var sheet = names.Skip(1).FirstOrDefault(n => Names(definition).Any(name => ColumnMapping.Normalise(name) == ColumnMapping.Normalise(n)));
            if (sheet is null) continue;
            file.Position = 0;
            var byParent = sheets._rows[subform.Key] = new Dictionary<string, JsonArray>(StringComparer.Ordinal);
            List<FieldDefinition?>? columns = null;
            var count = 0;
            foreach (IDictionary<string, object?> row in file.Query(sheetName: sheet))
            {
                if (row.Count > limits.MaxColumns) throw new Validation.TooLargeException("import.tooManyColumns", row.Count, limits.MaxColumns);
                var cells = row.Values.ToList();
                if (cells.All(c => c is null || c is string s && string.IsNullOrWhiteSpace(s))) continue;
                if (columns is null)
                {
                    columns = cells.Skip(1).Select(h => h?.ToString() is { } heading
                        ? definition.Fields.FirstOrDefault(f => Names(f).Any(name => ColumnMapping.Normalise(name) == ColumnMapping.Normalise(heading)))
                        : null).ToList();
                    continue;
                }
                if (++count > limits.MaxRows) throw new Validation.TooLargeException("import.tooManyRows", limits.MaxRows);
                if (Parent(cells[0]) is not { } parent) continue;
                var child = new JsonObject();
                for (var i = 0; i < columns.Count && i + 1 < cells.Count; i++)
                    if (columns[i] is { } field && cell.Read(field, cells[i + 1]) is { } value) child[field.Key] = value;
                (byParent.TryGetValue(parent, out var list) ? list : byParent[parent] = []).Add(child);
            }
        }
        file.Position = 0;
        return sheets;
    }

    /// <summary>The rows of each subform for the main row whose first cell is <paramref name="parentCell"/>.</summary>
    public IEnumerable<(string Field, JsonArray Rows)> For(object? parentCell)
    {
        if (_rows.Count == 0 || Parent(parentCell) is not { } parent) yield break;
        foreach (var (field, byParent) in _rows)
            if (byParent.TryGetValue(parent, out var rows)) yield return (field, (JsonArray)rows.DeepClone());
    }

    private static string? Parent(object? cell) => cell switch
    {
        double d when d == Math.Floor(d) => ((long)d).ToString(CultureInfo.InvariantCulture),
        IFormattable => SheetRow.Text(cell),
        _ => SheetRow.Text(cell)?.Trim() is { Length: > 0 } text ? text : null,
    };

    private static IEnumerable<string> Names(FieldDefinition field) => field.Label?.AllTexts.Append(field.Key) ?? [field.Key];
}
