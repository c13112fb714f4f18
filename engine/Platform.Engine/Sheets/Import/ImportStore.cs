using Dapper;
using Platform.Engine.Storage;

namespace Platform.Engine.Sheets.Import;

/// <summary>An import as stored: its row, and its file put back together from its parts.</summary>
internal sealed class ImportStore(PlatformDatabase database, TimeProvider clock)
{
    public async Task<ImportInfo?> FindAsync(long id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<ImportRecord>(new CommandDefinition($"SELECT {ImportRecord.Columns} FROM pf_imports WHERE id = @id", new { id }, cancellationToken: ct));
        return row?.Info(database.Dialect, clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>The stored file, copied to a temporary file that is deleted when closed (MiniExcel reads a workbook by seeking).</summary>
    public async Task<FileStream> OpenFileAsync(long id, CancellationToken ct)
    {
        var file = SheetFiles.Temporary();
        try
        {
            await using var connection = await database.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT data FROM pf_import_parts WHERE import_id = @id ORDER BY part";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@id";
            parameter.Value = id;
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
            while (await reader.ReadAsync(ct))
            {
                await using var part = reader.GetStream(0);
                await part.CopyToAsync(file, ct);
            }
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}
