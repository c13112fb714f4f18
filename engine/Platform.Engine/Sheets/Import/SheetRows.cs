using MiniExcelLibs;
using MiniExcelLibs.Csv;
using Platform.Engine.Validation;

namespace Platform.Engine.Sheets.Import;

/// <summary>A row of an uploaded sheet: its number as the user sees it (1 for the first), and its cells.</summary>
public sealed record SheetRow(int Number, IReadOnlyList<object?> Cells)
{
    /// <summary>A cell as text, numbers and dates written the same on every machine.</summary>
    public static string? Text(object? cell) => cell is IFormattable f ? f.ToString(null, System.Globalization.CultureInfo.InvariantCulture) : cell?.ToString();
}

/// <summary>
/// The rows of an uploaded <c>.xlsx</c> (its first sheet) or <c>.csv</c> (in its detected encoding), streamed by MiniExcel one
/// at a time, blank rows skipped; never the whole file in memory. A sheet claiming more columns than allowed is refused at its
/// first row, before its width costs anything.
/// </summary>
public static class SheetRows
{
    public static IEnumerable<SheetRow> Read(Stream file, string format, int maxColumns = 500)
    {
        IEnumerable<dynamic> rows;
        if (format == "csv")
        {
            var start = new byte[64 * 1024];
            var read = file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
            var encoding = TextEncodings.Detect(start.AsSpan(0, read));
            file.Position = 0;
            rows = file.Query(excelType: ExcelType.CSV, configuration: new CsvConfiguration { StreamReaderFunc = s => new StreamReader(s, encoding, detectEncodingFromByteOrderMarks: true) });
        }
        else rows = file.Query(excelType: ExcelType.XLSX);
        var number = 0;
        foreach (IDictionary<string, object?> row in rows)
        {
            number++;
            if (row.Count > maxColumns) throw new TooLargeException("import.tooManyColumns", row.Count, maxColumns);
            var cells = row.Values.Select(Clean).ToList();
            while (cells.Count > 0 && cells[^1] is null) cells.RemoveAt(cells.Count - 1);
            if (cells.Count > 0) yield return new SheetRow(number, cells);
        }
    }

    /// <summary>Empty text is no value.</summary>
    private static object? Clean(object? value) => value is string text && string.IsNullOrWhiteSpace(text) ? null : value;
}
