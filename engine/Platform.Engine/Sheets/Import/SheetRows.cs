using MiniExcelLibs;
using MiniExcelLibs.Csv;

namespace Platform.Engine.Sheets.Import;

/// <summary>
/// The rows of an uploaded <c>.xlsx</c> (its first sheet) or <c>.csv</c> (in its detected encoding), streamed by MiniExcel one
/// at a time as lists of cell values, blank rows skipped; never the whole file in memory.
/// </summary>
public static class SheetRows
{
    public static IEnumerable<IReadOnlyList<object?>> Read(Stream file, string format)
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
        foreach (IDictionary<string, object?> row in rows)
        {
            var cells = row.Values.Select(Clean).ToList();
            while (cells.Count > 0 && cells[^1] is null) cells.RemoveAt(cells.Count - 1);
            if (cells.Count > 0) yield return cells;
        }
    }

    /// <summary>Empty text is no value.</summary>
    private static object? Clean(object? value) => value is string text && string.IsNullOrWhiteSpace(text) ? null : value;
}
