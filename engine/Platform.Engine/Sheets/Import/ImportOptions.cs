namespace Platform.Engine.Sheets.Import;

/// <summary>
/// The limits an uploaded sheet is held to, so a hostile file is refused before it costs memory or time: its size, the
/// size its parts claim once unzipped and their compression ratio (a zip bomb), its columns and rows; and how many rows
/// are written per transaction.
/// </summary>
public sealed class ImportOptions
{
    public long MaxFileBytes { get; set; } = 200L * 1024 * 1024;

    public long MaxUnzippedBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Real workbooks compress 5 to 50 times; bombs, thousands.</summary>
    public int MaxCompressionRatio { get; set; } = 250;

    public int MaxEntries { get; set; } = 1000;

    public int MaxColumns { get; set; } = 500;

    public int MaxRows { get; set; } = 5_000_000;

    public int BatchSize { get; set; } = 500;
}
