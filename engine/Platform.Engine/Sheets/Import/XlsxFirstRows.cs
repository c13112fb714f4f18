using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace Platform.Engine.Sheets.Import;

/// <summary>
/// The first rows of a workbook's first sheet, for its headings and its preview, without reading the rest. MiniExcel reads
/// every cell of a sheet once before its first row when the sheet states its size after its rows rather than before them
/// (MiniExcel's own files do, so do our exports and error reports): 2 s for 100,000 rows × 10 columns, paid by the upload
/// while the user waits, for ten rows. The cells come back as MiniExcel gives them (text, numbers as doubles, dates by
/// their format, true / false), so the headings found here are the ones the import then reads.
/// </summary>
internal static partial class XlsxFirstRows
{
    private static readonly XmlReaderSettings Settings = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = false };

    public static List<SheetRow> Read(Stream file, int count, int maxColumns)
    {
        using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        var rows = new List<(int Number, List<Cell> Cells)>();
        using (var xml = XmlReader.Create(SheetFile.FirstSheet(zip).Open(), Settings))
        {
            var number = 0;
            while (rows.Count < count && xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "row") continue;
                number = int.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : number + 1;
                // A row of formatted but empty cells is blank, as the full reading skips it: it does not count toward the rows asked for.
                var cells = ReadRow(xml, maxColumns);
                if (cells.Any(c => !string.IsNullOrWhiteSpace(c.Raw))) rows.Add((number, cells));
            }
        }
        var shared = SharedStrings(zip, rows.SelectMany(r => r.Cells).Select(SharedIndex).DefaultIfEmpty(-1).Max());
        var dates = DateStyles(zip);
        return rows.Select(r => new SheetRow(r.Number, Cells(r.Cells, shared, dates))).Where(r => r.Cells.Count > 0).ToList();
    }

    private sealed record Cell(int Column, string? Type, int Style, string? Raw);

    /// <summary>Which shared string a cell shows; -1 when it shows none.</summary>
    private static int SharedIndex(Cell cell) =>
        cell.Type == "s" && int.TryParse(cell.Raw, NumberStyles.Any, CultureInfo.InvariantCulture, out var index) && index >= 0 ? index : -1;

    private static List<Cell> ReadRow(XmlReader xml, int maxColumns)
    {
        var cells = new List<Cell>();
        if (xml.IsEmptyElement) return cells;
        var depth = xml.Depth;
        var next = 0;
        while (xml.Read() && xml.Depth > depth)
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "c") continue;
            var column = xml.GetAttribute("r") is { } reference ? ColumnOf(reference) : next;
            if (column >= maxColumns) throw new Validation.TooLargeException("import.tooManyColumns", column + 1, maxColumns);
            next = column + 1;
            var type = xml.GetAttribute("t");
            var style = int.TryParse(xml.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
            cells.Add(new Cell(column, type, style, xml.IsEmptyElement ? null : CellText(xml, type == "inlineStr" ? "t" : "v")));
        }
        return cells;
    }

    /// <summary>
    /// The text of a cell's value element (or of every <c>&lt;t&gt;</c> of an inline or shared string, leaving out phonetic
    /// runs); the reader is left on the cell's end.
    /// </summary>
    private static string? CellText(XmlReader xml, string element)
    {
        var depth = xml.Depth;
        string? text = null;
        xml.Read();
        while (!xml.EOF && xml.Depth > depth)
        {
            if (xml.NodeType != XmlNodeType.Element) xml.Read();
            else if (xml.LocalName == "rPh") xml.Skip();
            else if (xml.LocalName == element && !xml.IsEmptyElement) text += xml.ReadElementContentAsString();
            else xml.Read();
        }
        return text;
    }

    private static int ColumnOf(string reference)
    {
        var column = 0;
        foreach (var ch in reference)
        {
            if (!char.IsAsciiLetter(ch)) break;
            column = column * 26 + (char.ToUpperInvariant(ch) - 'A' + 1);
        }
        return column - 1;
    }

    private static List<object?> Cells(List<Cell> cells, List<string> shared, HashSet<int> dates)
    {
        var values = new List<object?>();
        foreach (var cell in cells)
        {
            while (values.Count < cell.Column) values.Add(null);
            var value = Value(cell, shared, dates);
            values.Add(value is string text && string.IsNullOrWhiteSpace(text) ? null : value);
        }
        while (values.Count > 0 && values[^1] is null) values.RemoveAt(values.Count - 1);
        return values;
    }

    private static object? Value(Cell cell, List<string> shared, HashSet<int> dates) => cell.Type switch
    {
        _ when cell.Raw is null => null,
        "s" => SharedIndex(cell) is var index and >= 0 && index < shared.Count ? Decoded(shared[index]) : null,
        "str" or "inlineStr" => Decoded(cell.Raw),
        "e" => cell.Raw,
        "b" => cell.Raw == "1",
        "d" => DateTime.TryParseExact(cell.Raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var at) ? at : cell.Raw,
        _ when double.TryParse(cell.Raw, NumberStyles.Any, CultureInfo.InvariantCulture, out var number) =>
            dates.Contains(cell.Style) && number is > -657435 and < 2958466 ? DateTime.FromOADate(number) : number,
        _ => cell.Raw,
    };

    /// <summary>Text with Excel's escapes of characters XML cannot hold (<c>_x000D_</c>) turned back; <c>_X….</c> is literal.</summary>
    private static string Decoded(string text) =>
        text.Contains('_') ? XmlConvert.DecodeName(UpperEscape().Replace(text, "_x005F_$1_")) : text;

    [System.Text.RegularExpressions.GeneratedRegex("_(X[0-9A-Fa-f]{4})_")]
    private static partial System.Text.RegularExpressions.Regex UpperEscape();

    /// <summary>The shared strings up to the last one these rows use (a workbook's first strings are its headings').</summary>
    private static List<string> SharedStrings(ZipArchive zip, int last)
    {
        var strings = new List<string>();
        if (last < 0 || zip.GetEntry("xl/sharedStrings.xml") is not { } entry) return strings;
        using var xml = XmlReader.Create(entry.Open(), Settings);
        while (strings.Count <= last && xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "si") strings.Add(xml.IsEmptyElement ? "" : CellText(xml, "t") ?? "");
        }
        return strings;
    }

    /// <summary>The cell styles whose number format shows a date or a time: Excel's built-in ones, and custom formats with date parts.</summary>
    private static HashSet<int> DateStyles(ZipArchive zip)
    {
        var dates = new HashSet<int>();
        if (zip.GetEntry("xl/styles.xml") is not { } entry) return dates;
        var custom = new Dictionary<int, string>();
        using var xml = XmlReader.Create(entry.Open(), Settings);
        var inCellFormats = false;
        var style = 0;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "cellXfs") break;
            if (xml.NodeType != XmlNodeType.Element) continue;
            if (xml.LocalName == "numFmt" && int.TryParse(xml.GetAttribute("numFmtId"), out var id)) custom[id] = xml.GetAttribute("formatCode") ?? "";
            else if (xml.LocalName == "cellXfs") inCellFormats = true;
            else if (inCellFormats && xml.LocalName == "xf")
            {
                if (int.TryParse(xml.GetAttribute("numFmtId"), out var format) && IsDate(format, custom)) dates.Add(style);
                style++;
            }
        }
        return dates;
    }

    private static bool IsDate(int format, Dictionary<int, string> custom)
    {
        if (format is >= 14 and <= 22 or >= 27 and <= 36 or >= 45 and <= 47 or >= 50 and <= 58) return true;
        if (!custom.TryGetValue(format, out var code)) return false;
        // Quoted text, [colours] and escaped characters are not date parts.
        var plain = System.Text.RegularExpressions.Regex.Replace(code, "\"[^\"]*\"|\\[[^\\]]*\\]|\\\\.", "");
        return plain.IndexOfAny(['y', 'Y', 'd', 'D', 'h', 'H', 's', 'S', 'm', 'M']) >= 0 && !plain.Contains("General", StringComparison.OrdinalIgnoreCase);
    }
}
