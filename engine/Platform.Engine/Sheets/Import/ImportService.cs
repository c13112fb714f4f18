using System.Text.Json;
using Dapper;
using Platform.Engine.Jobs;
using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Sheets.Import;

/// <summary>
/// Imports of sheets into a form. Starting one checks the file (size, format, zip limits, headings) and the settings
/// (mapping, mode, key) at once, for a clear refusal with nothing kept; then the file is stored in the database in parts
/// (any process can run the job, after a restart too), the mapping is kept as the form's for next time, and a job is
/// queued. The job (<see cref="ImportJob"/>) writes; this service reports, cancels and builds the error report.
/// </summary>
public sealed class ImportService(PlatformDatabase database, JobService jobs, TimeProvider clock, ImportOptions options)
{
    private const int PartBytes = 1024 * 1024;
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ImportStore _store = new(database, clock);

    public ImportOptions Options => options;

    public async Task<ImportInfo> StartAsync(FormModel model, Stream upload, string fileName, ImportSettings? settings, CallerContext caller,
        CancellationToken ct = default)
    {
        caller.Require(model, RecordAction.Import);
        await using var file = SheetFiles.Temporary();
        var (size, format, claimedRows, headerRow, headings) = await ReadHeadAsync(upload, fileName, file, ct);
        var given = settings ?? new ImportSettings();
        var mapping = given.Mapping ?? await SuggestAsync(model, headings, caller, ct);
        var checkedSettings = ImportCheck.Settings(model, given with { Mapping = mapping }, headings, caller);
        if (checkedSettings.Mode != ImportModes.Update) caller.Require(model, RecordAction.Create);
        if (checkedSettings.Mode != ImportModes.Insert) caller.Require(model, RecordAction.Update);

        var now = clock.GetUtcNow().UtcDateTime;
        var dialect = database.Dialect;
        var name = Path.GetFileName(fileName) is { Length: > 0 and <= 200 } plain ? plain : "upload." + format;
        var id = await database.InTransactionAsync(async (connection, transaction) =>
        {
            var id = await connection.ExecuteScalarAsync<long>(dialect.InsertReturningId("pf_imports", ["app_key", "form_key", "user_id", "file_name", "format", "file_size",
                "settings", "headings", "status", "header_row", "position", "read_rows", "created_rows", "updated_rows", "failed_rows", "cancel_requested", "created_at", "total"]),
                new
                {
                    p0 = model.AppKey, p1 = model.Key, p2 = caller.UserId, p3 = name, p4 = format, p5 = size, p6 = JsonSerializer.Serialize(checkedSettings, Json),
                    p7 = JsonSerializer.Serialize(headings, Json), p8 = ImportStatus.Queued, p9 = (long)headerRow, p10 = 0L, p11 = 0L, p12 = 0L, p13 = 0L, p14 = 0L,
                    p15 = dialect.ToDb(ColumnType.Boolean, false), p16 = dialect.ToDb(ColumnType.DateTime, now),
                    // What the sheet says it holds, less its headings: the job starts without counting (and says the exact number when done).
                    p17 = claimedRows is { } rows && rows > headerRow ? rows - headerRow : (long?)null,
                }, transaction);
            file.Position = 0;
            var buffer = new byte[PartBytes];
            for (var part = 0L; ; part++)
            {
                var read = await file.ReadAtLeastAsync(buffer, PartBytes, throwOnEndOfStream: false, ct);
                if (read == 0) break;
                await connection.ExecuteAsync("INSERT INTO pf_import_parts (import_id, part, data) VALUES (@id, @part, @data)",
                    new { id, part, data = read == PartBytes ? buffer : buffer[..read] }, transaction);
                if (read < PartBytes) break;
            }
            await SaveMappingAsync(connection, transaction, model, checkedSettings.Mapping!, caller.UserId, now);
            return id;
        }, ct);
        var job = await jobs.EnqueueAsync(new NewJob(ImportJob.Name, model.AppKey, model.Key, id.ToString(System.Globalization.CultureInfo.InvariantCulture), caller.UserId), ct);
        await database.InTransactionAsync((connection, transaction) =>
            connection.ExecuteAsync("UPDATE pf_imports SET job_id = @job WHERE id = @id", new { job = job.Id, id }, transaction), ct);
        return await GetAsync(model, id, caller, ct);
    }

    /// <summary>The suggested field of each heading: the form's saved mapping where it knows the heading, else by label and key.</summary>
    public async Task<IReadOnlyDictionary<string, string?>> SuggestAsync(FormModel model, IReadOnlyList<string> headings, CallerContext caller, CancellationToken ct = default)
    {
        var settable = ColumnMapping.Settable(model, caller).Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var saved = await SavedMappingAsync(model, ct);
        var mapping = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var heading in headings)
            if (saved.TryGetValue(heading, out var field) && (field is null || settable.Contains(field) && !mapping.ContainsValue(field))) mapping[heading] = field;
        var rest = headings.Where(h => !mapping.ContainsKey(h)).ToList();
        var suggested = ColumnMapping.Suggest(model, rest, caller);
        for (var i = 0; i < rest.Count; i++) mapping[rest[i]] = suggested[i] is { } field && !mapping.ContainsValue(field) ? field : null;
        return headings.ToDictionary(h => h, h => mapping[h], StringComparer.Ordinal);
    }

    /// <summary>What a sheet would be imported as, without keeping anything: its headings, the suggested mapping, its first rows.</summary>
    public async Task<ImportPreview> PreviewAsync(FormModel model, Stream upload, string fileName, CallerContext caller, CancellationToken ct = default)
    {
        caller.Require(model, RecordAction.Import);
        await using var file = SheetFiles.Temporary();
        var (_, format, _, headerRow, headings) = await ReadHeadAsync(upload, fileName, file, ct);
        var rows = SheetFile.FirstRows(file, format, HeaderRow.Looked + 5, options.MaxColumns).SkipWhile(r => r.Number <= headerRow).Take(5)
            .Select(r => (IReadOnlyList<string?>)r.Cells.Select(SheetRow.Text).ToList()).ToList();
        return new ImportPreview(format, headerRow, headings, await SuggestAsync(model, headings, caller, ct), rows);
    }

    public async Task<ImportInfo> GetAsync(FormModel model, long id, CallerContext caller, CancellationToken ct = default)
    {
        var info = await _store.FindAsync(id, ct);
        if (info is null || info.App != model.AppKey || info.Form != model.Key || info.UserId != caller.UserId && !caller.IsAdmin)
            throw new NotFoundException("import.notFound", id);
        return info;
    }

    /// <summary>Asks a queued or running import to stop after the batch it is writing; what it wrote stays.</summary>
    public async Task<ImportInfo> CancelAsync(FormModel model, long id, CallerContext caller, CancellationToken ct = default)
    {
        var info = await GetAsync(model, id, caller, ct);
        if (ImportStatus.Ended(info.Status)) throw new ConflictException("import.ended", id, info.Status);
        await database.InTransactionAsync((connection, transaction) => connection.ExecuteAsync("UPDATE pf_imports SET cancel_requested = @yes WHERE id = @id",
            new { yes = database.Dialect.ToDb(ColumnType.Boolean, true), id }, transaction), ct);
        return await GetAsync(model, id, caller, ct);
    }

    /// <summary>Writes the error report: the rows that failed, as they were in the file, with an errors column in the caller's language.</summary>
    public async Task WriteErrorsAsync(FormModel model, long id, CallerContext caller, Stream output, CancellationToken ct = default)
    {
        var info = await GetAsync(model, id, caller, ct);
        await using var file = await _store.OpenFileAsync(id, ct);
        await ImportErrorReport.WriteAsync(database, info, file, caller.Culture, output, options, ct);
    }


    /// <summary>
    /// The upload copied to <paramref name="file"/> within the size limit, then what an import and its preview both check
    /// first: its format, whether it may be read at all (and the rows it says it has), its heading row and headings.
    /// </summary>
    private async Task<(long Size, string Format, long? ClaimedRows, int HeaderRow, IReadOnlyList<string> Headings)> ReadHeadAsync(Stream upload, string fileName,
        FileStream file, CancellationToken ct)
    {
        var size = await CopyLimitedAsync(upload, file, ct);
        if (size == 0) throw new ValidationFailedException([new("file", "import.empty")]);
        var format = SheetFile.FormatOf(fileName, file);
        var claimedRows = SheetFile.Check(file, format, options);
        var (headerRow, headings) = SheetFile.Head(file, format, options);
        return (size, format, claimedRows, headerRow, headings);
    }

    private async Task<long> CopyLimitedAsync(Stream upload, Stream file, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = await upload.ReadAsync(buffer, ct)) > 0)
        {
            size += read;
            if (size > options.MaxFileBytes) throw new TooLargeException("import.tooLarge", options.MaxFileBytes / (1024 * 1024));
            await file.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        file.Position = 0;
        return size;
    }

    private async Task<Dictionary<string, string?>> SavedMappingAsync(FormModel model, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var json = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT mapping FROM pf_import_mappings WHERE app_key = @app AND form_key = @form", new { app = model.AppKey, form = model.Key }, cancellationToken: ct));
        return json is null ? new(StringComparer.Ordinal) : JsonSerializer.Deserialize<Dictionary<string, string?>>(json, Json) ?? new(StringComparer.Ordinal);
    }

    /// <summary>The form's mapping grows by what this import used: headings of earlier files stay known.</summary>
    private async Task SaveMappingAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, FormModel model,
        IReadOnlyDictionary<string, string?> mapping, long? userId, DateTime now)
    {
        var key = new { app = model.AppKey, form = model.Key };
        var json = await connection.QuerySingleOrDefaultAsync<string>("SELECT mapping FROM pf_import_mappings WHERE app_key = @app AND form_key = @form", key, transaction);
        var kept = json is null ? new Dictionary<string, string?>(StringComparer.Ordinal) : JsonSerializer.Deserialize<Dictionary<string, string?>>(json, Json)!;
        foreach (var (heading, field) in mapping)
        {
            // One heading per field: an older heading for the same field gives way.
            foreach (var old in kept.Where(k => field is not null && k.Value == field && k.Key != heading).Select(k => k.Key).ToList()) kept.Remove(old);
            kept[heading] = field;
        }
        var values = new { app = model.AppKey, form = model.Key, mapping = JsonSerializer.Serialize(kept, Json), now = database.Dialect.ToDb(ColumnType.DateTime, now), user = userId };
        if (json is null)
            await connection.ExecuteAsync("INSERT INTO pf_import_mappings (app_key, form_key, mapping, updated_at, updated_by) VALUES (@app, @form, @mapping, @now, @user)", values, transaction);
        else
            await connection.ExecuteAsync("UPDATE pf_import_mappings SET mapping = @mapping, updated_at = @now, updated_by = @user WHERE app_key = @app AND form_key = @form", values, transaction);
    }

}

/// <summary>What a sheet would be imported as: its format, heading row and headings, the suggested field per heading, and its first rows as text.</summary>
public sealed record ImportPreview(string Format, int HeaderRow, IReadOnlyList<string> Headings, IReadOnlyDictionary<string, string?> Mapping,
    IReadOnlyList<IReadOnlyList<string?>> Rows);
