using System.Text.Json;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Dialects;

namespace Platform.Engine.Sheets.Import;

/// <summary>A row of <c>pf_imports</c> as stored, and the <see cref="ImportInfo"/> it shows.</summary>
internal sealed class ImportRecord
{
    public const string Columns = "id, app_key, form_key, user_id, job_id, file_name, format, settings, headings, status, header_row, total, position, read_rows, " +
                                  "created_rows, updated_rows, failed_rows, cancel_requested, error, created_at, started_at, finished_at";

    public long Id { get; set; }
    public string AppKey { get; set; } = "";
    public string FormKey { get; set; } = "";
    public long? UserId { get; set; }
    public long? JobId { get; set; }
    public string FileName { get; set; } = "";
    public string Format { get; set; } = "";
    public string Settings { get; set; } = "{}";
    public string Headings { get; set; } = "[]";
    public string Status { get; set; } = "";
    public long HeaderRow { get; set; }
    public long? Total { get; set; }
    public long Position { get; set; }
    public long ReadRows { get; set; }
    public long CreatedRows { get; set; }
    public long UpdatedRows { get; set; }
    public long FailedRows { get; set; }
    public object? CancelRequested { get; set; }
    public string? Error { get; set; }
    public object? CreatedAt { get; set; }
    public object? StartedAt { get; set; }
    public object? FinishedAt { get; set; }

    public ImportInfo Info(SqlDialect dialect, DateTime now)
    {
        var started = (DateTime?)dialect.FromDb(ColumnType.DateTime, StartedAt);
        var finished = (DateTime?)dialect.FromDb(ColumnType.DateTime, FinishedAt);
        var seconds = started is { } from ? ((finished ?? now) - from).TotalSeconds : 0;
        double? rate = seconds > 0 && ReadRows > 0 ? Math.Round(ReadRows / seconds, 1) : null;
        double? left = rate is > 0 && Total is { } total && Status is ImportStatus.Running ? Math.Round(Math.Max(0, total - ReadRows) / rate.Value, 1) : null;
        return new ImportInfo(Id, AppKey, FormKey, FileName, Format, Status, JsonSerializer.Deserialize<ImportSettings>(Settings, ImportService.Json)!,
            JsonSerializer.Deserialize<List<string>>(Headings, ImportService.Json)!, (int)HeaderRow, Total, ReadRows, CreatedRows, UpdatedRows, FailedRows, Error, JobId,
            (DateTime)dialect.FromDb(ColumnType.DateTime, CreatedAt)!, started, finished)
        {
            RowsPerSecond = rate, SecondsLeft = left, UserId = UserId, CancelRequested = (bool)dialect.FromDb(ColumnType.Boolean, CancelRequested)!, Position = Position,
        };
    }
}
