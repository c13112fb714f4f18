using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Platform.Engine.Sheets;

/// <summary>The temporary files sheets pass through: an upload being read, a workbook being written.</summary>
internal static class SheetFiles
{
    /// <summary>A file of its own in the temporary folder, gone when closed.</summary>
    public static FileStream Temporary() => new(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.Read, 81920,
        FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    /// <summary>A column wide enough for its heading (a Chinese character takes about two widths), within reason.</summary>
    public static int Width(string heading) => Math.Max(10, Math.Min(40, heading.Length * 2 + 4));

    /// <summary>
    /// Writes a workbook of <paramref name="rows"/> to <paramref name="output"/>. A workbook is a zip, which MiniExcel partly writes
    /// synchronously: it goes to a temporary file (a large one never sits in memory), then to the output, which may allow only
    /// asynchronous writes (an HTTP response).
    /// </summary>
    public static async Task WriteXlsxAsync(Stream output, IEnumerable<IDictionary<string, object?>> rows, OpenXmlConfiguration configuration, CancellationToken ct)
    {
        await using var file = Temporary();
        await MiniExcel.SaveAsAsync(file, rows, configuration: configuration, cancellationToken: ct);
        file.Position = 0;
        await file.CopyToAsync(output, ct);
    }
}
