using System.IO.Compression;
using Platform.Engine.Validation;

namespace Platform.Engine.Sheets.Import;

/// <summary>
/// An uploaded sheet before anything reads its rows: its format (by name, confirmed by its first bytes), whether it may be
/// read at all (a workbook is a zip: too many parts, parts claiming more than the limit once unzipped, or packed more
/// tightly than any real workbook — a zip bomb — are refused from its directory alone, before inflating a byte), and its
/// headings. MiniExcel refuses DTDs (entity expansion, external entities) and columns past Excel's last.
/// </summary>
public static class SheetFile
{
    public const string Xlsx = "xlsx";
    public const string Csv = "csv";

    public static string FormatOf(string fileName, Stream file)
    {
        var extension = Path.GetExtension(fileName).TrimStart('.').ToLowerInvariant();
        Span<byte> start = stackalloc byte[4];
        var read = file.ReadAtLeast(start, 4, throwOnEndOfStream: false);
        file.Position = 0;
        var isZip = read == 4 && start[0] == (byte)'P' && start[1] == (byte)'K' && start[2] == 3 && start[3] == 4;
        return extension switch
        {
            Xlsx when isZip => Xlsx,
            Csv or "txt" when !isZip => Csv,
            Xlsx or Csv => throw new ValidationFailedException([new("file", "import.notWhatItSays", extension)]),
            _ => throw new ValidationFailedException([new("file", "import.format", extension)]),
        };
    }

    /// <summary>
    /// Refuses a workbook whose zip directory shows it would cost more than the limits to read; returns the rows its first
    /// sheet says it has (Excel, WPS and MiniExcel write them), so its progress needs no count first; null when unknown (CSV).
    /// </summary>
    public static long? Check(Stream file, string format, ImportOptions limits)
    {
        if (format != Xlsx) return null;
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > limits.MaxEntries) throw new ValidationFailedException([new("file", "import.zipBomb")]);
            long unzipped = 0;
            long? rows = null;
            foreach (var entry in zip.Entries)
            {
                unzipped += entry.Length;
                if (unzipped > limits.MaxUnzippedBytes || entry.Length > 1024 * 1024 && entry.Length > (long)limits.MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
                    throw new ValidationFailedException([new("file", "import.zipBomb")]);
            }
            if (zip.GetEntry("xl/workbook.xml") is null) throw new ValidationFailedException([new("file", "import.unreadable")]);
            foreach (var sheet in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal))
                         .OrderBy(e => e.FullName.Length).ThenBy(e => e.FullName, StringComparer.Ordinal))
            {
                var claimed = CheckDimension(sheet, limits);
                rows ??= claimed ?? 0;
            }
            return rows is > 0 ? rows : null;
        }
        catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException)
        {
            throw new ValidationFailedException([new("file", "import.unreadable")]);
        }
        finally
        {
            file.Position = 0;
        }
    }

    /// <summary>
    /// Refuses a sheet whose stated size (<c>&lt;dimension ref="A1:XFD1048576"/&gt;</c>) passes the limits, read from the
    /// sheet's first elements only: a reader sizes its rows by it, so a false claim would cost memory before any row is seen.
    /// </summary>
    private static long? CheckDimension(ZipArchiveEntry sheet, ImportOptions limits)
    {
        using var xml = System.Xml.XmlReader.Create(sheet.Open(), new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit, XmlResolver = null });
        while (xml.Read())
        {
            if (xml.NodeType != System.Xml.XmlNodeType.Element) continue;
            if (xml.LocalName == "sheetData") return null;
            if (xml.LocalName != "dimension" || xml.GetAttribute("ref") is not { } reference) continue;
            var end = reference.Split(':')[^1];
            var letters = new string(end.TakeWhile(char.IsAsciiLetter).ToArray()).ToUpperInvariant();
            var columns = letters.Aggregate(0L, (n, ch) => Math.Min(n * 26 + (ch - 'A' + 1), int.MaxValue));
            if (columns > limits.MaxColumns) throw new TooLargeException("import.tooManyColumns", columns, limits.MaxColumns);
            if (!long.TryParse(end[letters.Length..], out var rows)) return null;
            if (rows > limits.MaxRows + 100L) throw new TooLargeException("import.tooManyRows", limits.MaxRows);
            return rows;
        }
        return null;
    }

    /// <summary>
    /// How many rows the sheet holds, for progress when it did not say (MiniExcel's own files, some exporters): a workbook's
    /// rows counted by an XML reader skimming its first sheet, several times faster than reading the cells; a CSV's rows read.
    /// </summary>
    public static long CountRows(Stream file, string format, ImportOptions limits)
    {
        long rows = 0;
        try
        {
            if (format == Csv) return SheetRows.Read(file, format, limits.MaxColumns).LongCount();
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            using var xml = System.Xml.XmlReader.Create(FirstSheet(zip).Open(), new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit, XmlResolver = null });
            while (xml.Read())
                if (xml.NodeType == System.Xml.XmlNodeType.Element && xml.LocalName == "row" && ++rows > limits.MaxRows + 100L)
                    throw new TooLargeException("import.tooManyRows", limits.MaxRows);
            return rows;
        }
        finally
        {
            file.Position = 0;
        }
    }

    /// <summary>The first sheet's part: the one named so, or else the first by name.</summary>
    internal static ZipArchiveEntry FirstSheet(ZipArchive zip) =>
        zip.GetEntry("xl/worksheets/sheet1.xml") ?? zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal))
            .OrderBy(e => e.FullName.Length).ThenBy(e => e.FullName, StringComparer.Ordinal).First();

    /// <summary>First rows as the import reads them: a workbook's without reading the rest of it (see <see cref="XlsxFirstRows"/>).</summary>
    public static List<SheetRow> FirstRows(Stream file, string format, int count, int maxColumns)
    {
        try
        {
            return format == Xlsx ? XlsxFirstRows.Read(file, count, maxColumns) : SheetRows.Read(file, format, maxColumns).Take(count).ToList();
        }
        finally
        {
            file.Position = 0;
        }
    }

    /// <summary>
    /// The sheet's heading row (found among its first rows) and its headings as text: a blank heading is named by its column
    /// letter, a repeated one gets its count ("备注 (2)"), so each column has a name the mapping can use.
    /// </summary>
    public static (int Row, IReadOnlyList<string> Headings) Head(Stream file, string format, ImportOptions limits)
    {
        try
        {
            var first = FirstRows(file, format, HeaderRow.Looked, limits.MaxColumns);
            if (first.Count == 0) throw new ValidationFailedException([new("file", "import.empty")]);
            var header = first[HeaderRow.Find(first.Select(r => r.Cells).ToList())];
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var headings = header.Cells.Select((cell, i) =>
            {
                var text = SheetRow.Text(cell)?.Trim();
                var name = string.IsNullOrEmpty(text) ? Letter(i) : text;
                seen[name] = seen.GetValueOrDefault(name) + 1;
                return seen[name] == 1 ? name : $"{name} ({seen[name]})";
            }).ToList();
            return (header.Number, headings);
        }
        catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException or InvalidOperationException)
        {
            throw new ValidationFailedException([new("file", "import.unreadable", e.Message)]);
        }
        finally
        {
            file.Position = 0;
        }
    }

    /// <summary>Excel's name of the column at <paramref name="index"/> (0: A, 26: AA).</summary>
    public static string Letter(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }
}
