using System.Globalization;
using ClosedXML.Excel;
using Platform.Engine.Validation;

namespace Platform.Engine.Reports.Export;

/// <summary>
/// Reports as an Excel workbook: one sheet per report with its title, the column headings, a row per group (dimension
/// labels as text, measures as numbers in their format) and the totals. ClosedXML suits these small books; column widths
/// are set from the text (measuring fonts would need GDI+ on Linux).
/// </summary>
public static class ReportWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private const int MaxSheetName = 31;

    public static void Write(Stream output, IEnumerable<(string Title, ReportResult Result)> reports, string culture)
    {
        using var workbook = new XLWorkbook();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (title, result) in reports) Sheet(workbook.Worksheets.Add(SheetName(title, names)), title, result, culture);
        if (workbook.Worksheets.Count == 0) workbook.Worksheets.Add("-");
        workbook.SaveAs(output);
    }

    private static void Sheet(IXLWorksheet sheet, string title, ReportResult result, string culture)
    {
        sheet.Cell(1, 1).Value = title;
        sheet.Cell(1, 1).Style.Font.Bold = true;
        sheet.Cell(1, 1).Style.Font.FontSize = 14;
        var columns = result.Columns;
        var widths = columns.Select(c => Width(c.Label)).ToArray();
        for (var c = 0; c < columns.Count; c++)
        {
            var heading = sheet.Cell(3, c + 1);
            heading.Value = columns[c].Label;
            heading.Style.Font.Bold = true;
            heading.Style.Fill.BackgroundColor = XLColor.FromHtml("#EEF2F7");
            heading.Style.Border.BottomBorder = XLBorderStyleValues.Thin;
        }
        var row = 4;
        foreach (var line in result.Rows) Row(sheet, row++, columns, line, widths, null);
        if (result.Totals is { } totals)
        {
            Row(sheet, row, columns, totals, widths, Messages.Format("report.totals", culture));
            sheet.Row(row).Style.Font.Bold = true;
            sheet.Row(row).Style.Border.TopBorder = XLBorderStyleValues.Thin;
        }
        for (var c = 0; c < columns.Count; c++) sheet.Column(c + 1).Width = Math.Min(60, widths[c] + 2);
        sheet.SheetView.FreezeRows(3);
    }

    private static void Row(IXLWorksheet sheet, int row, IReadOnlyList<ReportColumn> columns, ReportRow line, int[] widths, string? label)
    {
        for (var c = 0; c < columns.Count; c++)
        {
            var column = columns[c];
            var cell = sheet.Cell(row, c + 1);
            if (column.Role == "dimension")
            {
                var text = label is not null && c == 0 ? label : line.Labels?.GetValueOrDefault(column.Key) ?? Text(line.Values.GetValueOrDefault(column.Key));
                cell.Value = text;
                cell.DataType = XLDataType.Text;
                widths[c] = Math.Max(widths[c], Width(text));
                continue;
            }
            switch (line.Values.GetValueOrDefault(column.Key))
            {
                case null:
                    continue;
                case DateOnly day:
                    cell.Value = day.ToDateTime(TimeOnly.MinValue);
                    cell.Style.DateFormat.Format = "yyyy-mm-dd";
                    break;
                case DateTime instant:
                    cell.Value = instant;
                    cell.Style.DateFormat.Format = "yyyy-mm-dd hh:mm";
                    break;
                case var number:
                    cell.Value = Convert.ToDecimal(number, CultureInfo.InvariantCulture);
                    cell.Style.NumberFormat.Format = column.Type switch { "integer" => "#,##0", "ratio" => "0.0%", _ => "#,##0.00" };
                    break;
            }
            widths[c] = Math.Max(widths[c], 12);
        }
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A column wide enough for the text, counting a Chinese character as two.</summary>
    private static int Width(string text) => text.Sum(ch => ch > 0x2E80 ? 2 : 1);

    /// <summary>A sheet name Excel accepts: at most 31 characters, none of []:*?/\, and unique in the book.</summary>
    private static string SheetName(string title, HashSet<string> taken)
    {
        var clean = new string(title.Select(ch => "[]:*?/\\".Contains(ch) ? '_' : ch).ToArray()).Trim('\'');
        if (clean.Length == 0) clean = "Report";
        clean = clean[..Math.Min(clean.Length, MaxSheetName)];
        var name = clean;
        for (var i = 2; !taken.Add(name); i++)
        {
            var suffix = $" ({i})";
            name = clean[..Math.Min(clean.Length, MaxSheetName - suffix.Length)] + suffix;
        }
        return name;
    }
}
