using System.Globalization;
using ClosedXML.Excel;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Models;
using Platform.Engine.Records;

namespace Platform.Engine.Sheets;

/// <summary>
/// The sheet a form's records are imported from, to fill in: a heading per field the caller may set (required ones
/// marked *), an example row, and for selects, tags and yes/no a drop-down of the words an
/// import takes (kept on a hidden sheet, so long lists work too).
/// </summary>
public static class ImportTemplate
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Rows the drop-downs cover below the headings.</summary>
    private const int Rows = 5000;

    public static void Write(FormModel model, CallerContext caller, DateTime now, Stream output)
    {
        caller.Require(model, RecordAction.Import);
        var culture = CultureInfo.GetCultureInfo(caller.Culture);
        var view = caller.Fields(model);
        var example = new ImportExample(culture, TimeZoneInfo.ConvertTimeFromUtc(now, caller.TimeZone));
        using var book = new XLWorkbook();
        var sheet = book.Worksheets.Add(model.Definition.Name?.Resolve(culture) is { Length: > 0 and <= 31 } name ? name : model.Key);
        var lists = book.Worksheets.Add("lists");
        lists.Visibility = XLWorksheetVisibility.Hidden;
        var column = 0;
        foreach (var field in model.Fields.Where(f => view.CanEdit(f.Key)))
        {
            if (field.Definition.Accept(example) is not { } sample) continue;
            column++;
            var heading = sheet.Cell(1, column);
            heading.Value = (field.Definition.Label?.Resolve(culture) ?? field.Key) + (field.Definition.Required ? " *" : "");
            heading.Style.Font.Bold = true;
            heading.Style.Fill.BackgroundColor = XLColor.FromHtml("#EEF2F7");
            var cell = sheet.Cell(2, column);
            cell.Value = sample;
            cell.Style.Font.FontColor = XLColor.Gray;
            if (sample is DateTime at) cell.Style.DateFormat.Format = at.TimeOfDay == TimeSpan.Zero ? "yyyy-mm-dd" : "yyyy-mm-dd hh:mm";
            if (Choices(field.Definition, culture) is { Count: > 0 } choices)
            {
                for (var i = 0; i < choices.Count; i++) lists.Cell(i + 1, column).Value = choices[i];
                var source = lists.Range(1, column, choices.Count, column);
                sheet.Range(2, column, Rows + 1, column).SetDataValidation().List(source, true);
            }
            sheet.Column(column).Width = Math.Max(12, Math.Min(40, heading.GetString().Sum(ch => ch > 0x2E80 ? 2 : 1) + 4));
        }
        sheet.SheetView.FreezeRows(1);
        book.SaveAs(output);
    }

    /// <summary>The words a select, tags or yes/no field takes, as a drop-down shows them.</summary>
    private static List<string>? Choices(FieldDefinition field, CultureInfo culture) => field switch
    {
        SelectField select => select.Options.Select(o => o.Label?.Resolve(culture) ?? o.Key).ToList(),
        MultiSelectField tags => tags.Options.Select(o => o.Label?.Resolve(culture) ?? o.Key).ToList(),
        BooleanField => culture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? ["是", "否"] : ["Yes", "No"],
        _ => null,
    };
}
