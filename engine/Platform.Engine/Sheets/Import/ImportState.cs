using Dapper;
using Platform.Engine.Storage;

namespace Platform.Engine.Sheets.Import;

/// <summary>The stored state of one running import: its status, totals and errors, written as the job goes.</summary>
internal sealed class ImportState(PlatformDatabase database, long id)
{
    public long Id => id;

    public Task SetAsync(string set, object values, CancellationToken ct)
    {
        var arguments = new DynamicParameters(values);
        arguments.Add("id", id);
        return database.InTransactionAsync((connection, transaction) => connection.ExecuteAsync($"UPDATE pf_imports SET {set} WHERE id = @id", arguments, transaction), ct);
    }

    public Task StatusAsync(string status, CancellationToken ct) => SetAsync("status = @status", new { status }, ct);

    public Task EndAsync(string status, string? error, DateTime now, CancellationToken ct) =>
        SetAsync("status = @status, error = @error, finished_at = @now", new { status, error, now = database.Dialect.ToDb(ColumnType.DateTime, now) }, ct);

    public Task FailAsync(string error, CancellationToken ct) =>
        SetAsync("status = @status, error = @error", new { status = ImportStatus.Failed, error = error.Length > 4000 ? error[..4000] : error }, ct);

    public async Task<bool> CancelRequestedAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var value = await connection.ExecuteScalarAsync<object?>(new CommandDefinition("SELECT cancel_requested FROM pf_imports WHERE id = @id", new { id }, cancellationToken: ct));
        return (bool)database.Dialect.FromDb(ColumnType.Boolean, value)!;
    }

    /// <summary>The statements that keep a batch's errors and move the import on, run in the batch's own transaction.</summary>
    public async Task RecordBatchAsync(CommandCache commands, IReadOnlyList<ImportRow> failed, int last, int read, int created, int updated, CancellationToken ct)
    {
        foreach (var row in failed) await ErrorsAsync(commands, row, ct);
        await commands.QueueAsync("UPDATE pf_imports SET position = @p0, read_rows = read_rows + @p1, created_rows = created_rows + @p2, " +
                                  "updated_rows = updated_rows + @p3, failed_rows = failed_rows + @p4 WHERE id = @p5",
            [(long)last, (long)read, (long)created, (long)updated, (long)failed.Count, id], ct);
    }

    private async Task ErrorsAsync(CommandCache commands, ImportRow row, CancellationToken ct)
    {
        foreach (var error in row.Errors)
            await commands.QueueAsync("INSERT INTO pf_import_errors (import_id, row_number, field, code, message_en, message_zh) VALUES (@p0, @p1, @p2, @p3, @p4, @p5)",
                [id, (long)row.Number, error.Field.Length > 200 ? error.Field[..200] : error.Field, error.Code, Short(error.Message("en")), Short(error.Message("zh-CN"))], ct);
    }

    private static string Short(string text) => text.Length > 3900 ? text[..3900] : text;

    /// <summary>Errors found by a check pass (nothing written), kept in their own transaction.</summary>
    public Task RecordCheckedAsync(IReadOnlyList<ImportRow> failed, int read, CancellationToken ct) =>
        database.WriteAsync(async (work, token) =>
        {
            foreach (var row in failed) await ErrorsAsync(work.Commands, row, token);
            await work.Commands.QueueAsync("UPDATE pf_imports SET read_rows = read_rows + @p0, failed_rows = failed_rows + @p1 WHERE id = @p2",
                [(long)read, (long)failed.Count, id], token);
            await work.Commands.FlushAsync(token);
            return true;
        }, ct);

    /// <summary>A check pass starts over: errors and counts of an earlier, interrupted one are dropped.</summary>
    public Task ResetAsync(CancellationToken ct) =>
        database.InTransactionAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync("DELETE FROM pf_import_errors WHERE import_id = @id", new { id }, transaction);
            return await connection.ExecuteAsync("UPDATE pf_imports SET read_rows = 0, failed_rows = 0, created_rows = 0, updated_rows = 0 WHERE id = @id", new { id }, transaction);
        }, ct);
}
