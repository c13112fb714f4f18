using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Records.Query;
using Platform.Engine.Scripting;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Forms;
using Platform.Engine.Validation;

namespace Platform.Engine.Records;

/// <summary>
/// Creates, reads, updates, deletes, restores and queries records of a published form. Every write
/// is checked in full before anything is written, and is one transaction with its history entry and
/// outbox event. Every read applies the caller's row scope inside the SQL.
/// </summary>
public sealed partial class RecordService(PlatformDatabase database, ScriptSandbox sandbox, TimeProvider clock, RecordOptions? options = null)
{
    private readonly RecordOptions _options = options ?? new RecordOptions();
    private readonly RecordReader _reader = new(database.Dialect);
    private readonly RecordWriter _writer = new(database.Dialect);
    private readonly ChangeLog _log = new(database.Dialect);
    private readonly WriteChecks _checks = new(new Formulas.FormulaService(sandbox));

    public RecordOptions Options => _options;

    public async Task<RecordData> CreateAsync(FormModel model, JsonElement payload, RecordContext context, CancellationToken ct = default) =>
        (await CreateManyAsync(model, [payload], context, ct, single: true))[0];

    /// <summary>Creates all records or none; errors are keyed <c>[index].field</c>.</summary>
    public Task<IReadOnlyList<RecordData>> CreateManyAsync(FormModel model, IReadOnlyList<JsonElement> payloads, RecordContext context, CancellationToken ct = default) =>
        CreateManyAsync(model, payloads, context, ct, single: false);

    /// <summary>The errors creating these records would meet before touching the database; writes nothing.</summary>
    public IReadOnlyList<ValidationError> CheckNew(FormModel model, IReadOnlyList<JsonElement> payloads, RecordContext context, bool batch = false)
    {
        var errors = new List<ValidationError>();
        Prepare(model, payloads, context, clock.GetUtcNow(), single: !batch, errors);
        return errors;
    }

    private List<(RecordData Record, string Prefix)> Prepare(FormModel model, IReadOnlyList<JsonElement> payloads, RecordContext context,
        DateTimeOffset now, bool single, List<ValidationError> errors)
    {
        var script = Script(now, context);
        var records = new List<(RecordData Record, string Prefix)>(payloads.Count);
        for (var i = 0; i < payloads.Count; i++)
        {
            var prefix = single ? "" : $"[{i}].";
            var payload = PayloadReader.Read(model, payloads[i], prefix, errors);
            var values = payload.Values;
            WriteChecks.ApplyDefaults(model, values);
            WriteChecks.CheckRequired(model, values, model.Fields.Select(f => f.Key), prefix, errors);
            // Formulas that look up related records are computed once the transaction can read them.
            if (model.Lookups.Count == 0) _checks.ComputeAndCheck(model, values, null, null, script, prefix, errors);
            var record = new RecordData
            {
                Version = 1, CreatedAt = now.UtcDateTime, CreatedBy = context.UserId, UpdatedAt = now.UtcDateTime, UpdatedBy = context.UserId,
                Owner = payload.Owner ?? context.UserId,
            };
            foreach (var (key, value) in values) record.Values[key] = value;
            records.Add((record, prefix));
        }
        return records;
    }

    private async Task<IReadOnlyList<RecordData>> CreateManyAsync(FormModel model, IReadOnlyList<JsonElement> payloads, RecordContext context,
        CancellationToken ct, bool single)
    {
        if (payloads.Count < 1 || payloads.Count > _options.MaxBatchSize)
            throw new ValidationFailedException([new("records", "batch.size", _options.MaxBatchSize)]);
        var now = clock.GetUtcNow();
        var errors = new List<ValidationError>();
        var records = Prepare(model, payloads, context, now, single, errors);
        if (errors.Count > 0) throw new ValidationFailedException(errors);

        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var commands = new CommandCache(connection, transaction);
        await ReferenceChecks.CheckAsync(commands, database.Dialect, model, records.Select(r => (r.Record.Values, r.Prefix)).ToList(), errors);
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        if (model.Lookups.Count > 0)
        {
            var script = Script(now, context);
            foreach (var (record, prefix) in records)
                await ComputeWithLookupsAsync(connection, transaction, model, record.Values, null, script, prefix, errors, ct);
            if (errors.Count > 0) throw new ValidationFailedException(errors);
        }

        var autoNumbers = model.Fields.Where(f => f.Definition is AutoNumberField).ToList();
        try
        {
            foreach (var (record, _) in records)
            {
                foreach (var field in autoNumbers)
                    record.Values[field.Key] = await AutoNumbers.NextAsync(commands, database.Dialect, model.FormId, (AutoNumberField)field.Definition, now, context.TimeZone, ct);
                record.Id = await _writer.InsertAsync(commands, model, record, ct);
                await _log.WriteAsync(commands, model, record, "created", null, ct);
            }
        }
        catch (Exception e) when (UniqueField(model, e) is { } field)
        {
            throw new ValidationFailedException([new(field, "unique")]);
        }
        await commands.CommitAsync(ct);
        return records.Select(r => r.Record).ToList();
    }

    public async Task<RecordData> GetAsync(FormModel model, long id, RecordContext context, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        return await LoadAsync(connection, null, model, id, context, deleted: false, ct) ?? throw new NotFoundException("record.notFound", id);
    }

    public async Task<QueryResult> QueryAsync(FormModel model, QueryRequest request, RecordContext context, CancellationToken ct = default)
    {
        var builder = Builder(model, context);
        var plan = builder.Build(request, _options.MaxPageSize);
        await using var connection = await database.OpenAsync(ct);
        var rows = await _reader.ReadAsync(connection, null, plan.Sql, plan.Args, plan.Fields, ct);
        string? next = null;
        if (rows.Count > plan.PageSize)
        {
            rows.RemoveAt(rows.Count - 1);
            next = request.Offset is > 0 && request.After is null ? null : builder.NextCursor(plan, rows[^1]);
        }
        long? total = null;
        if (plan.CountSql is not null)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = plan.CountSql;
            plan.CountArgs!.ApplyTo(command);
            total = Convert.ToInt64(await command.ExecuteScalarAsync(ct));
        }
        return new QueryResult(rows, next, total);
    }

    /// <summary>Applies a partial update if the record is still at <paramref name="expectedVersion"/>; otherwise 409 and nothing changes.</summary>
    public async Task<RecordData> UpdateAsync(FormModel model, long id, JsonElement patch, long? expectedVersion, RecordContext context, CancellationToken ct = default)
    {
        var errors = new List<ValidationError>();
        var payload = PayloadReader.Read(model, patch, "", errors);
        var version = expectedVersion ?? payload.Version;
        if (version is null) errors.Add(new("version", "version.required"));
        if (errors.Count > 0) throw new ValidationFailedException(errors);

        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var commands = new CommandCache(connection, transaction);
        var current = await LoadAsync(connection, transaction, model, id, context, deleted: false, ct) ?? throw new NotFoundException("record.notFound", id);
        if (current.Version != version) throw new ConflictException("version.stale", current.Version);

        var now = clock.GetUtcNow();
        var values = new Dictionary<string, object?>(current.Values, StringComparer.Ordinal);
        foreach (var (key, value) in payload.Values) values[key] = value;
        WriteChecks.CheckRequired(model, values, payload.Values.Keys, "", errors);
        var script = Script(now, context);
        await ComputeWithLookupsAsync(connection, transaction, model, values, current.Values, script, "", errors, ct);
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        await ReferenceChecks.CheckAsync(commands, database.Dialect, model, [(payload.Values, "")], errors);
        if (errors.Count > 0) throw new ValidationFailedException(errors);

        var changes = model.Fields
            .Where(f => !f.Codec.AreEqual(current.Values.GetValueOrDefault(f.Key), values.GetValueOrDefault(f.Key)))
            .Select(f => new FieldChange(f.Key, f.Codec.Write(current.Values.GetValueOrDefault(f.Key)), f.Codec.Write(values.GetValueOrDefault(f.Key))))
            .ToList();
        var owner = payload.Owner ?? current.Owner;
        if (owner != current.Owner) changes.Add(new FieldChange("owner", current.Owner, owner));
        if (changes.Count == 0) return current;

        var updated = new RecordData
        {
            Id = id, Version = current.Version + 1, CreatedAt = current.CreatedAt, CreatedBy = current.CreatedBy,
            UpdatedAt = now.UtcDateTime, UpdatedBy = context.UserId, Owner = owner,
        };
        foreach (var (key, value) in values) updated.Values[key] = value;
        try
        {
            if (!await _writer.UpdateAsync(commands, model, updated, current.Version, changes.Select(c => c.Field).ToHashSet(), ct))
                throw new ConflictException("version.stale", current.Version + 1);
        }
        catch (Exception e) when (UniqueField(model, e) is { } field)
        {
            throw new ValidationFailedException([new(field, "unique")]);
        }
        await _log.WriteAsync(commands, model, updated, "updated", changes, ct);
        await RefreshDependentsAsync(connection, transaction, commands, model, id, changes.Select(c => c.Field).ToHashSet(), script, 0, ct);
        await commands.CommitAsync(ct);
        return updated;
    }

    /// <summary>Moves a record to the recycle bin; it keeps its data and can be restored.</summary>
    public Task<RecordData> DeleteAsync(FormModel model, long id, long? expectedVersion, RecordContext context, CancellationToken ct = default) =>
        SetDeletedAsync(model, id, expectedVersion, context, deleted: true, ct);

    public Task<RecordData> RestoreAsync(FormModel model, long id, RecordContext context, CancellationToken ct = default) =>
        SetDeletedAsync(model, id, null, context, deleted: false, ct);

    private async Task<RecordData> SetDeletedAsync(FormModel model, long id, long? expectedVersion, RecordContext context, bool deleted, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var commands = new CommandCache(connection, transaction);
        var current = await LoadAsync(connection, transaction, model, id, context, deleted: !deleted, ct);
        if (current is null)
        {
            var other = await LoadAsync(connection, transaction, model, id, context, deleted: deleted, ct);
            throw other is not null && !deleted ? new ConflictException("record.notDeleted", id) : new NotFoundException("record.notFound", id);
        }
        if (expectedVersion is { } expected && expected != current.Version) throw new ConflictException("version.stale", current.Version);

        var now = clock.GetUtcNow().UtcDateTime;
        current.Version++;
        current.UpdatedAt = now;
        current.UpdatedBy = context.UserId;
        current.DeletedAt = deleted ? now : null;
        current.DeletedBy = deleted ? context.UserId : null;
        if (!await _writer.SetDeletedAsync(commands, model, current, current.Version - 1, deleted, ct))
            throw new ConflictException("version.stale", current.Version);
        await _log.WriteAsync(commands, model, current, deleted ? "deleted" : "restored", null, ct);
        await commands.CommitAsync(ct);
        return current;
    }

    /// <summary>The record's changes, oldest first. Visible to whoever can see the record, deleted or not.</summary>
    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(FormModel model, long id, RecordContext context, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        if (await LoadAsync(connection, null, model, id, context, deleted: false, ct) is null &&
            await LoadAsync(connection, null, model, id, context, deleted: true, ct) is null)
            throw new NotFoundException("record.notFound", id);
        var rows = await connection.QueryAsync(
            "SELECT id, kind, record_version, user_id, at, changes FROM pf_history WHERE form_id = @formId AND record_id = @id ORDER BY id",
            new { formId = model.FormId, id });
        var dialect = database.Dialect;
        return rows.Cast<IDictionary<string, object?>>().Select(r => new HistoryEntry(
            (long)dialect.FromDb(ColumnType.Integer, r["id"])!,
            (string)r["kind"]!,
            (long)dialect.FromDb(ColumnType.Integer, r["record_version"])!,
            (long?)dialect.FromDb(ColumnType.Integer, r["user_id"]),
            (DateTime)dialect.FromDb(ColumnType.DateTime, r["at"])!,
            r["changes"] is string json
                ? JsonNode.Parse(json)!.AsArray().Select(c => new FieldChange((string)c!["field"]!, c["old"]?.DeepClone(), c["new"]?.DeepClone())).ToList()
                : [])).ToList();
    }

    private async Task<RecordData?> LoadAsync(DbConnection connection, DbTransaction? transaction, FormModel model, long id, RecordContext context,
        bool deleted, CancellationToken ct)
    {
        var args = new SqlArgs();
        var where = Builder(model, context).ById(id, args, deleted);
        var sql = $"SELECT {_reader.SelectList(model.Fields)} FROM {database.Dialect.Quote(model.Table)} t WHERE {where}";
        return (await _reader.ReadAsync(connection, transaction, sql, args, model.Fields, ct)).SingleOrDefault();
    }

    /// <summary>The scripts of one operation share one deadline, whatever each call's own limit.</summary>
    private ScriptContext Script(DateTimeOffset now, RecordContext context) =>
        new ScriptContext(now, context.TimeZone, context.UserId).WithBudget(sandbox.Limits.OperationTimeout);

    private RecordQueryBuilder Builder(FormModel model, RecordContext context) =>
        new(database.Dialect, model, context, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), context.TimeZone).DateTime), _reader);

    private string? UniqueField(FormModel model, Exception e) =>
        database.Dialect.UniqueViolationColumn(e) is { } column
            ? model.Fields.FirstOrDefault(f => f.Stored.Column == column)?.Key ?? column
            : null;
}
