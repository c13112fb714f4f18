using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Platform.Engine.Forms;
using Platform.Engine.Jobs;
using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Records.Pipeline;
using Platform.Engine.Records.Query;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Sheets.Import;

/// <summary>
/// One run of an import's job over its file. Rows are read one at a time and written in batches through the record pipeline,
/// each batch in one transaction with the import's position and the batch's errors, so after a crash the run goes on after
/// the last batch kept and no row is written twice. A bad row (a cell its field refuses, a person or record not found, a key
/// already seen in the file or matching no record) is left out with its errors and its neighbours are written, unless the
/// import aborts on errors: then a first pass runs every batch through the pipeline and rolls it back, and nothing is written
/// unless every row passed.
/// </summary>
internal sealed class ImportRun
{
    private readonly PlatformDatabase _database;
    private readonly RecordService _records;
    private readonly ImportOptions _options;
    private readonly ImportState _state;
    private readonly ImportInfo _info;
    private readonly FormModel _model;
    private readonly CallerContext _caller;
    private readonly List<(int Index, BoundField Field)> _columns;
    private readonly int? _keyColumn;
    private readonly string? _key;
    private readonly ImportCell _cell;
    private readonly ImportLookups _lookups;
    private readonly Dictionary<string, int> _seenKeys = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private SubformSheets _subforms = new();

    public ImportRun(PlatformDatabase database, RecordService records, ImportOptions options, ImportState state, ImportInfo info, FormModel model, CallerContext caller,
        TimeProvider clock)
    {
        (_database, _records, _options, _state, _info, _model, _caller, _clock) = (database, records, options, state, info, model, caller, clock);
        var mapping = info.Settings.Mapping ?? new Dictionary<string, string?>();
        _columns = [];
        for (var i = 0; i < info.Headings.Count; i++)
        {
            if (mapping.GetValueOrDefault(info.Headings[i]) is not { } key) continue;
            if (key == info.Settings.Key && info.Settings.Mode != ImportModes.Insert) _keyColumn = i;
            if (key == SystemFields.Id) continue;
            _columns.Add((i, model.Field(key) ?? throw new ValidationFailedException([new($"mapping.{info.Headings[i]}", "import.fieldGone", key)])));
        }
        _key = info.Settings.Mode == ImportModes.Insert ? null : info.Settings.Key;
        _cell = new ImportCell(caller.TimeZone);
        _lookups = new ImportLookups(database, records, model, caller);
    }

    private bool Aborts => _info.Settings.OnError == ImportModes.Abort;

    public async Task<long> RunAsync(FileStream file, JobProgress progress, CancellationToken ct)
    {
        var now = Now();
        await _state.SetAsync("status = @status, started_at = COALESCE(started_at, @now)", new { status = ImportStatus.Running, now = Time(now) }, ct);
        // A sheet that did not say its size is counted beside the first batches' reading (which takes longer), and before
        // the first write, so one past the limit is refused with nothing written.
        var counting = _info.Total is { } stated ? Task.FromResult(stated) : Task.Run(() => CountAsync(file.Name, ct), ct);
        _subforms = SubformSheets.Read(file, _info.Format, _model, _cell, _options);
        var total = 0L;
        var (read, written) = (_info.Read, _info.Written);

        if (Aborts && _info.Position == 0)
        {
            total = await counting;
            await progress(read, total, written);
            await _state.StatusAsync(ImportStatus.Checking, ct);
            await _state.ResetAsync(ct);
            var failed = 0L;
            await foreach (var batch in BatchesAsync(file, after: 0, ct))
            {
                var rows = await PrepareAsync(batch, ct);
                await WriteAsync(rows, keep: false, ct);
                var bad = rows.Where(r => r.Failed).ToList();
                failed += bad.Count;
                await _state.RecordCheckedAsync(bad, rows.Count, ct);
                if (await _state.CancelRequestedAsync(ct)) return await EndAsync(ImportStatus.Cancelled, null);
            }
            if (failed > 0) return await EndAsync(ImportStatus.Failed, Messages.Format("import.rowsFailed", "en", failed));
            await _state.ResetAsync(ct);
            (read, written) = (0, 0);
            _seenKeys.Clear();
            await _state.StatusAsync(ImportStatus.Running, ct);
        }

        // The next batches are read and prepared (on the other core) while this one is written.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var prepared = Channel.CreateBounded<(List<ImportRow> Rows, RecordService.PreparedBatch Writes)>(2);
        var producer = Task.Run(() => PrepareAheadAsync(file, _info.Position, prepared.Writer, stopping.Token), stopping.Token);
        try
        {
            total = await counting;
            await progress(read, total, written);
            await foreach (var (rows, writes) in prepared.Reader.ReadAllAsync(ct))
            {
                if (await _state.CancelRequestedAsync(ct)) return await EndAsync(ImportStatus.Cancelled, null);
                var (created, updated) = await WriteAsync(rows, keep: true, ct, writes);
                read += rows.Count;
                written += created + updated;
                await progress(read, total, written);
            }
            await producer;
        }
        finally
        {
            await stopping.CancelAsync();
            await Task.WhenAny(producer);
        }
        return await EndAsync(ImportStatus.Done, null);

        async Task<long> EndAsync(string status, string? error)
        {
            await _state.EndAsync(status, error, Now(), ct);
            if (status == ImportStatus.Done && read != total) await _state.SetAsync("total = @read", new { read }, ct);
            return written;
        }
    }

    private async Task PrepareAheadAsync(FileStream file, long after, ChannelWriter<(List<ImportRow>, RecordService.PreparedBatch)> prepared, CancellationToken ct)
    {
        try
        {
            await foreach (var batch in BatchesAsync(file, after, ct))
            {
                var rows = await PrepareAsync(batch, ct);
                await prepared.WriteAsync((rows, await PrepareWritesAsync(rows, ct)), ct);
            }
            prepared.Complete();
        }
        catch (Exception e)
        {
            prepared.Complete(e);
        }
    }

    /// <summary>The data rows, counted once before the first batch (for progress and the time left) when the sheet did not say, refused past the limit.</summary>
    private async Task<long> CountAsync(string path, CancellationToken ct)
    {
        long count;
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            count = Math.Max(0, SheetFile.CountRows(file, _info.Format, _options) - _info.HeaderRow);
        if (count > _options.MaxRows) throw new TooLargeException("import.tooManyRows", _options.MaxRows);
        await _state.SetAsync("total = @count", new { count }, ct);
        return count;
    }

    /// <summary>
    /// The rows after the header in batches, from the row after <paramref name="after"/> (the last committed); the keys of
    /// the rows before it are still noted, so a duplicate of an earlier row is found after a restart too.
    /// </summary>
    private async IAsyncEnumerable<List<SheetRow>> BatchesAsync(FileStream file, long after, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        file.Position = 0;
        var batch = new List<SheetRow>(_options.BatchSize);
        var counted = 0L;
        foreach (var row in SheetRows.Read(file, _info.Format, _options.MaxColumns))
        {
            if (row.Number <= _info.HeaderRow) continue;
            // A sheet whose stated size was less than the truth is held to the limit here.
            if (++counted > _options.MaxRows) throw new TooLargeException("import.tooManyRows", _options.MaxRows);
            if (row.Number <= after)
            {
                if (KeyOf(row) is { } seen) _seenKeys.TryAdd(seen, row.Number);
                continue;
            }
            batch.Add(row);
            if (batch.Count < _options.BatchSize) continue;
            yield return batch;
            batch = new List<SheetRow>(_options.BatchSize);
            await Task.Yield();
            ct.ThrowIfCancellationRequested();
        }
        if (batch.Count > 0) yield return batch;
    }

    private string? KeyOf(SheetRow row)
    {
        if (_keyColumn is not { } index || index >= row.Cells.Count || row.Cells[index] is not { } cell) return null;
        if (_key == SystemFields.Id) return cell is double d ? ((long)d).ToString(System.Globalization.CultureInfo.InvariantCulture) : cell.ToString()?.Trim();
        return _cell.Read(_model.Field(_key!)!.Definition, cell) is JsonValue value ? value.ToString() : null;
    }

    /// <summary>Reads the cells into payloads, finds people and related records by name, and matches keys to records.</summary>
    private async Task<List<ImportRow>> PrepareAsync(List<SheetRow> batch, CancellationToken ct)
    {
        var rows = new List<ImportRow>(batch.Count);
        foreach (var sheetRow in batch)
        {
            var row = new ImportRow(sheetRow.Number);
            rows.Add(row);
            foreach (var (index, field) in _columns)
            {
                if (index >= sheetRow.Cells.Count || _cell.Read(field.Definition, sheetRow.Cells[index]) is not { } value) continue;
                row.Payload[field.Key] = value;
            }
            if (sheetRow.Cells.Count > 0)
                foreach (var (subform, children) in _subforms.For(sheetRow.Cells[0])) row.Payload[subform] = children;
            if (_key is null) continue;
            if (KeyOf(sheetRow) is not { Length: > 0 } key) row.Errors.Add(new ValidationError(_key, "import.keyEmpty"));
            else if (!_seenKeys.TryAdd(key, row.Number)) row.Errors.Add(new ValidationError(_key, "import.duplicateKey", key, _seenKeys[key]));
            else row.Key = key;
        }
        await _lookups.ResolveAsync(rows, _columns.Select(c => c.Field).ToList(), ct);
        if (_key is not null) await MatchAsync(rows.Where(r => r is { Failed: false, Key: not null }).ToList(), ct);
        return rows;
    }

    /// <summary>The record each key names, as the importer sees the form: one for an update, none for a create (upsert only).</summary>
    private async Task MatchAsync(List<ImportRow> rows, CancellationToken ct)
    {
        var keyed = rows.Select(r => KeyValuePair.Create(r, r.Key!)).ToList();
        if (keyed.Count == 0) return;
        var byId = _key == SystemFields.Id;
        var found = new Dictionary<string, List<RecordData>>(StringComparer.Ordinal);
        foreach (var chunk in keyed.Chunk(_records.Options.MaxPageSize / 2))
        {
            object[] values = byId
                ? chunk.Select(k => long.TryParse(k.Value, out var id) ? id : -1L).Cast<object>().ToArray()
                : chunk.Select(k => (object)k.Value).ToArray();
            var page = await _records.QueryAsync(_model, new QueryRequest
            {
                Filter = Condition.Of(_key!, "in", values), PageSize = _records.Options.MaxPageSize, Fields = byId ? [] : [_key!],
            }, _caller, ct);
            foreach (var record in page.Items)
            {
                var key = byId ? record.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : record.Values.GetValueOrDefault(_key!)?.ToString() ?? "";
                (found.TryGetValue(key, out var ids) ? ids : found[key] = []).Add(record);
            }
        }
        foreach (var (row, key) in keyed)
        {
            var ids = found.GetValueOrDefault(key);
            if (ids is { Count: > 1 }) row.Errors.Add(new ValidationError(_key!, "import.keyAmbiguous", key, ids.Count));
            else if (ids is { Count: 1 }) (row.Id, row.Version) = (ids[0].Id, ids[0].Version);
            else if (_info.Settings.Mode == ImportModes.Update || byId) row.Errors.Add(new ValidationError(_key!, "import.keyNotFound", key));
            else (row.Id, row.Version) = (null, null);
        }
    }

    /// <summary>
    /// Writes the good rows of a batch in one transaction with the batch's errors and the import's new position. A row the
    /// pipeline refuses is set aside with its errors and the rest tried again; when aborting on errors, a refusal while
    /// writing stops the import (the check pass found none, so something changed since).
    /// </summary>
    /// <param name="prepared">The batch's writes as the reader prepared them ahead; after a refusal the writes are prepared again.</param>
    private async Task<(int Created, int Updated)> WriteAsync(List<ImportRow> rows, bool keep, CancellationToken ct, RecordService.PreparedBatch? prepared = null)
    {
        for (var stale = 0; ; stale++)
        {
            try
            {
                var writes = prepared ?? await PrepareWritesAsync(rows, ct);
                prepared = null;
                var (created, updated) = (writes.Count(WriteKind.Create), writes.Count(WriteKind.Update));
                await _records.WriteBatchAsync(writes, keep
                    ? (work, token) => _state.RecordBatchAsync(work.Commands, rows.Where(r => r.Failed).ToList(), rows[^1].Number, rows.Count, created, updated, token)
                    : (_, _) => Task.CompletedTask, keep, ct);
                return (created, updated);
            }
            catch (ValidationFailedException e) when (!keep || !Aborts)
            {
                var byPrefix = rows.Where(r => !r.Failed).ToDictionary(r => r.Prefix, StringComparer.Ordinal);
                var placed = 0;
                foreach (var error in e.Errors)
                {
                    var end = error.Field.IndexOf("].", StringComparison.Ordinal);
                    if (end < 0 || !byPrefix.TryGetValue(error.Field[..(end + 2)], out var row)) continue;
                    row.Errors.Add(error with { Field = error.Field[(end + 2)..] });
                    placed++;
                }
                // An error no row owns would come back on every try.
                if (placed == 0) throw;
            }
            catch (ConflictException e) when (e.Code == "version.stale" && stale < 3)
            {
                // Someone changed a matched record since: match the keys again and write what is there now.
                await MatchAsync(rows.Where(r => r is { Failed: false, Id: not null }).ToList(), ct);
            }
        }
    }

    /// <summary>The good rows' writes (creates, and updates of the records their keys matched) through the pipeline's steps before the transaction.</summary>
    private Task<RecordService.PreparedBatch> PrepareWritesAsync(List<ImportRow> rows, CancellationToken ct)
    {
        var good = rows.Where(r => !r.Failed).ToList();
        return _records.PrepareBatchAsync(_model, good.Where(r => r.Id is null).Select(Write).ToList(), good.Where(r => r.Id is not null).Select(Write).ToList(), _caller, ct);
    }

    private static RecordWrite Write(ImportRow row) =>
        new() { Prefix = row.Prefix, Payload = JsonSerializer.SerializeToElement(row.Payload), Id = row.Id, ExpectedVersion = row.Version };

    private DateTime Now() => _clock.GetUtcNow().UtcDateTime;

    private object? Time(DateTime at) => _database.Dialect.ToDb(ColumnType.DateTime, at);
}
