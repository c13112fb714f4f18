namespace Platform.Engine.Sheets.Import;

/// <summary>
/// An import as people follow it: the file, how it writes, where it stands (queued, checking, running, done, failed,
/// cancelled), how far it got of how many rows, what it wrote and how many rows failed, its pace and what is left.
/// </summary>
public sealed record ImportInfo(long Id, string App, string Form, string FileName, string Format, string Status, ImportSettings Settings,
    IReadOnlyList<string> Headings, int HeaderRow, long? Total, long Read, long Created, long Updated, long Failed, string? Error, long? JobId,
    DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt)
{
    public long Written => Created + Updated;

    /// <summary>Rows read a second since it started; null before.</summary>
    public double? RowsPerSecond { get; init; }

    /// <summary>Seconds left at that pace; null when not running or not yet known.</summary>
    public double? SecondsLeft { get; init; }

    public long? UserId { get; init; }

    /// <summary>Someone asked it to stop; it does after the batch it is writing.</summary>
    public bool CancelRequested { get; init; }

    /// <summary>The last sheet row whose batch was written (the job goes on after it when taken up again).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long Position { get; init; }
}
