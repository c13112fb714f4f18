using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Platform.Engine.Models;
using Platform.Engine.Records.Pipeline;
using Platform.Engine.Records.Pipeline.Steps;
using Platform.Engine.Records.Query;
using Platform.Engine.Scripting;
using Platform.Engine.Storage;
using Platform.Engine.Validation;

namespace Platform.Engine.Records;

/// <summary>
/// Creates, reads, updates, deletes, restores and queries records of a published form, always for a
/// caller. Every write runs through the <see cref="RecordPipeline"/>: checked in full before anything
/// is written, then one transaction with its history entry and outbox event. Every read applies the
/// caller's row scope inside the SQL and shows only the fields of the caller's field view.
/// </summary>
public sealed class RecordService
{
    private readonly RecordStore _store;

    public RecordService(PlatformDatabase database, ScriptSandbox sandbox, TimeProvider clock, RecordOptions? options = null,
        IEnumerable<IRecordStep>? steps = null)
    {
        _store = new RecordStore(database, sandbox, clock, options ?? new RecordOptions());
        Pipeline = new RecordPipeline(BuiltInStep.All(_store).Concat(steps ?? []));
        _store.Pipeline = Pipeline;
    }

    public RecordOptions Options => _store.Options;

    /// <summary>The steps every write takes.</summary>
    public RecordPipeline Pipeline { get; }

    public async Task<RecordData> CreateAsync(FormModel model, JsonElement payload, CallerContext caller, CancellationToken ct = default) =>
        (await WriteAsync(WriteKind.Create, model, [new RecordWrite { Prefix = "", Payload = payload }], caller, ct))[0];

    /// <summary>Creates all records or none; errors are keyed <c>[index].field</c>.</summary>
    public Task<IReadOnlyList<RecordData>> CreateManyAsync(FormModel model, IReadOnlyList<JsonElement> payloads, CallerContext caller, CancellationToken ct = default)
    {
        if (payloads.Count < 1 || payloads.Count > Options.MaxBatchSize)
            throw new ValidationFailedException([new("records", "batch.size", Options.MaxBatchSize)]);
        return WriteAsync(WriteKind.Create, model, payloads.Select((p, i) => new RecordWrite { Prefix = $"[{i}].", Payload = p }).ToList(), caller, ct);
    }

    /// <summary>
    /// The errors creating these records would meet in the steps that need no database (payload, defaults,
    /// field rights, required fields, formulas and rules), without writing anything: what a form shows inline
    /// as the user types, or an import's first pass. References and uniqueness are checked when it is saved.
    /// </summary>
    public async Task<IReadOnlyList<ValidationError>> CheckNewAsync(FormModel model, IReadOnlyList<JsonElement> payloads, CallerContext caller,
        CancellationToken ct = default)
    {
        var now = _store.Clock.GetUtcNow();
        var items = payloads.Select((p, i) => new RecordWrite { Prefix = payloads.Count == 1 ? "" : $"[{i}].", Payload = p }).ToList();
        var batch = new RecordWriteBatch(WriteKind.Create, model, caller, now, _store.Script(now, caller), items, work: null);
        await Pipeline.RunAsync(batch, ct);
        return batch.Errors;
    }

    /// <summary>Applies a partial update if the record is still at <paramref name="expectedVersion"/>; otherwise 409 and nothing changes.</summary>
    public async Task<RecordData> UpdateAsync(FormModel model, long id, JsonElement patch, long? expectedVersion, CallerContext caller, CancellationToken ct = default) =>
        (await WriteAsync(WriteKind.Update, model, [new RecordWrite { Prefix = "", Payload = patch, Id = id, ExpectedVersion = expectedVersion }], caller, ct))[0];

    /// <summary>
    /// Changes several records, each with its own values (and the version its editor saw), all or none: one refusal, one
    /// record changed meanwhile, one missing, and nothing is written. Errors are keyed <c>[index].field</c>.
    /// </summary>
    public Task<IReadOnlyList<RecordData>> UpdateManyAsync(FormModel model, IReadOnlyList<RecordPatch> patches, CallerContext caller, CancellationToken ct = default)
    {
        CheckBatch(patches.Select(p => p.Id).ToList());
        return WriteAsync(WriteKind.Update, model,
            patches.Select((p, i) => new RecordWrite { Prefix = $"[{i}].", Payload = p.Values, Id = p.Id, ExpectedVersion = p.Version }).ToList(), caller, ct);
    }

    /// <summary>Moves several records to the recycle bin, all or none.</summary>
    public Task<IReadOnlyList<RecordData>> DeleteManyAsync(FormModel model, IReadOnlyList<long> ids, CallerContext caller, CancellationToken ct = default)
    {
        CheckBatch(ids);
        return WriteAsync(WriteKind.Delete, model, ids.Select((id, i) => new RecordWrite { Prefix = $"[{i}].", Id = id }).ToList(), caller, ct);
    }

    // A batch names 1 to MaxBatchSize records, each once.
    private void CheckBatch(IReadOnlyList<long> ids)
    {
        if (ids.Count < 1 || ids.Count > Options.MaxBatchSize) throw new ValidationFailedException([new("records", "batch.size", Options.MaxBatchSize)]);
        var seen = new HashSet<long>();
        var twice = ids.Select((id, i) => (id, i)).Where(x => !seen.Add(x.id)).Select(x => new ValidationError($"[{x.i}].id", "batch.duplicate", x.id)).ToList();
        if (twice.Count > 0) throw new ValidationFailedException(twice);
    }

    /// <summary>
    /// Takes a record from the public pool (公海) as its owner: for roles that may claim, whether or not they may change
    /// pooled records otherwise. A record someone claimed first is refused (409), one already the caller's is returned.
    /// </summary>
    public async Task<RecordData> ClaimAsync(FormModel model, long id, CallerContext caller, CancellationToken ct = default)
    {
        caller.Require(model, RecordAction.Claim);
        var record = await GetAsync(model, id, caller, ct);
        if (record.Owner == caller.UserId) return record;
        if (record.Owner is not null || caller.UserId is not { } me) throw new ConflictException("record.claimed", id);
        return await UpdateAsync(model, id, OwnerPatch(me), record.Version, caller with { Access = new ClaimingAccess(caller.Access) }, ct);
    }

    /// <summary>
    /// Gives a record back to the public pool, with the reason: its owner does (for roles that may claim, whether or not
    /// they may change records otherwise); an admin may put anyone's back. The pool's history keeps who, why and when.
    /// </summary>
    public async Task<RecordData> ReturnAsync(FormModel model, long id, string? reason, CallerContext caller, CancellationToken ct = default)
    {
        caller.Require(model, RecordAction.Claim);
        if (reason is { Length: > 1000 }) throw new ValidationFailedException([new("reason", "text.tooLong", 1000)]);
        var record = await GetAsync(model, id, caller, ct);
        if (record.Owner is null) throw new ConflictException("pool.notOwned", id);
        if (record.Owner != caller.UserId && !caller.IsAdmin) throw new ForbiddenException("pool.notYours");
        return (await WriteAsync(WriteKind.Update, model,
            [new RecordWrite { Prefix = "", Payload = OwnerPatch(null), Id = id, ExpectedVersion = record.Version, Reason = reason?.Trim() }],
            caller with { Access = new ClaimingAccess(caller.Access) }, ct))[0];
    }

    /// <summary>Where the caller stands with the form's public pool: claims made today and records held, against its limits (none when the form has no pool).</summary>
    public async Task<PoolStanding?> PoolStandingAsync(FormModel model, CallerContext caller, CancellationToken ct = default)
    {
        if (model.Definition.Pool is not { } rules || caller.UserId is not { } me) return null;
        var dialect = _store.Database.Dialect;
        await using var connection = await _store.Database.OpenAsync(ct);
        await using var commands = new CommandCache(connection, null, dialect);
        return new PoolStanding(rules.ClaimsPerDay, await PoolCounts.ClaimedTodayAsync(commands, dialect, model, me, _store.Clock.GetUtcNow(), caller.TimeZone, ct),
            rules.MaxHeld, await PoolCounts.HeldAsync(commands, dialect, model, me, ct));
    }

    /// <summary>A record's way through the public pool, oldest first: claimed, assigned, returned (why) and taken back.</summary>
    public async Task<IReadOnlyList<PoolMove>> PoolHistoryAsync(FormModel model, long id, CallerContext caller, CancellationToken ct = default)
    {
        await using var connection = await OpenVisibleAsync(model, id, caller, ct);
        var rows = await connection.QueryAsync<(long Id, string Action, long? UserId, long? OwnerBefore, long? OwnerAfter, string? Reason, string? ActorKind,
            string? ActorRef, object At)>("SELECT id, action, user_id, owner_before, owner_after, reason, actor_kind, actor_ref, at FROM pf_pool_history " +
                                          "WHERE form_id = @formId AND record_id = @id ORDER BY id", new { formId = model.FormId, id });
        return rows.Select(r => new PoolMove(r.Id, r.Action, r.OwnerBefore, r.OwnerAfter, r.Reason, r.UserId, ChangeLog.ReadActor(r.ActorKind, r.ActorRef, r.UserId),
            (DateTime)_store.Database.Dialect.FromDb(Storage.ColumnType.DateTime, r.At)!)).ToList();
    }

    /// <summary>Moves a record to the recycle bin; it keeps its data and can be restored.</summary>
    public async Task<RecordData> DeleteAsync(FormModel model, long id, long? expectedVersion, CallerContext caller, CancellationToken ct = default) =>
        (await WriteAsync(WriteKind.Delete, model, [new RecordWrite { Prefix = "", Id = id, ExpectedVersion = expectedVersion }], caller, ct))[0];

    public async Task<RecordData> RestoreAsync(FormModel model, long id, CallerContext caller, CancellationToken ct = default) =>
        (await WriteAsync(WriteKind.Restore, model, [new RecordWrite { Prefix = "", Id = id }], caller, ct))[0];

    private async Task<IReadOnlyList<RecordData>> WriteAsync(WriteKind kind, FormModel model, IReadOnlyList<RecordWrite> items, CallerContext caller,
        CancellationToken ct)
    {
        var (batch, rest) = await BeginAsync(kind, model, items, caller, ct);
        await _store.Database.WriteAsync(async (work, token) =>
        {
            batch.Join(work);
            await Pipeline.RunAsync(batch, token, rest);
            return true;
        }, ct);
        return items.Select(i => Visible(model, caller, i.Result ?? i.Current!, i.Warnings)).ToList();
    }

    /// <summary>
    /// A write inside <paramref name="work"/>, a transaction the caller commits: a workflow's step writes with its run's
    /// progress, so both are kept or neither. Same pipeline, same checks.
    /// </summary>
    internal async Task<RecordData> WriteInAsync(UnitOfWork work, WriteKind kind, FormModel model, RecordWrite item, CallerContext caller, CancellationToken ct)
    {
        var (batch, rest) = await BeginAsync(kind, model, [item], caller, ct);
        batch.Join(work);
        await Pipeline.RunAsync(batch, ct, rest);
        return Visible(model, caller, item.Result ?? item.Current!, item.Warnings);
    }

    /// <summary>
    /// The steps of a batch's creates and updates (an import's) that need no database: reading the payloads, defaults, rights,
    /// required fields, formulas. An import runs them for its next batch on the other core while this one is written; what
    /// they refuse is kept for <see cref="WriteBatchAsync"/> to throw, every bad record of both parts named at once.
    /// </summary>
    internal async Task<PreparedBatch> PrepareBatchAsync(FormModel model, IReadOnlyList<RecordWrite> creates, IReadOnlyList<RecordWrite> updates, CallerContext caller,
        CancellationToken ct)
    {
        var parts = new List<(RecordWriteBatch Batch, int From)>();
        var errors = new List<Validation.ValidationError>();
        foreach (var (kind, items) in new[] { (WriteKind.Create, creates), (WriteKind.Update, updates) })
        {
            if (items.Count == 0) continue;
            try
            {
                parts.Add(await BeginAsync(kind, model, items, caller, ct));
            }
            catch (ValidationFailedException e)
            {
                errors.AddRange(e.Errors);
            }
        }
        return new PreparedBatch(parts, errors);
    }

    /// <summary>
    /// A prepared batch written in one transaction together with <paramref name="alongside"/> (the import's position and
    /// errors), so all are kept or none. With <paramref name="keep"/> false, everything is rolled back once the checks and
    /// writes have run: a dry run that meets exactly what the real one would.
    /// </summary>
    internal async Task WriteBatchAsync(PreparedBatch prepared, Func<UnitOfWork, CancellationToken, Task> alongside, bool keep, CancellationToken ct)
    {
        if (prepared.Errors.Count > 0) throw new ValidationFailedException(prepared.Errors);
        try
        {
            await _store.Database.WriteAsync(async (work, token) =>
            {
                foreach (var (batch, from) in prepared.Parts)
                {
                    batch.Join(work);
                    await Pipeline.RunAsync(batch, token, from);
                }
                await alongside(work, token);
                await work.Commands.FlushAsync(token);
                return keep ? true : throw new DryRunEnded();
            }, ct);
        }
        catch (DryRunEnded)
        {
            // Rolled back, as asked.
        }
    }

    /// <summary>A batch's writes with the steps before the transaction run, or what those steps refused.</summary>
    internal sealed record PreparedBatch(IReadOnlyList<(RecordWriteBatch Batch, int From)> Parts, IReadOnlyList<Validation.ValidationError> Errors)
    {
        /// <summary>How many records the batch writes of this kind.</summary>
        public int Count(WriteKind kind) => Parts.Where(p => p.Batch.Kind == kind).Sum(p => p.Batch.Items.Count);
    }

    private sealed class DryRunEnded : Exception;

    private async Task<(RecordWriteBatch Batch, int From)> BeginAsync(WriteKind kind, FormModel model, IReadOnlyList<RecordWrite> items, CallerContext caller,
        CancellationToken ct)
    {
        if (kind != WriteKind.Recompute)
            caller.Require(model, kind switch { WriteKind.Create => RecordAction.Create, WriteKind.Update => RecordAction.Update, _ => RecordAction.Delete });
        var now = _store.Clock.GetUtcNow();
        var batch = new RecordWriteBatch(kind, model, caller, now, _store.Script(now, caller), items, work: null);
        return (batch, await Pipeline.RunBeforeTransactionAsync(batch, ct));
    }

    /// <summary>Live records after the id <paramref name="after"/>, in id order, as the engine reads them: a background job's next page.</summary>
    internal async Task<List<RecordData>> PageAfterAsync(FormModel model, long after, int size, CancellationToken ct)
    {
        var plan = _store.Builder(model, CallerContext.System).Build(
            new QueryRequest { Filter = after > 0 ? Condition.Of(Forms.SystemFields.Id, "gt", after) : null, PageSize = size }, Options.MaxPageSize);
        await using var reading = await _store.Database.ReadAsync(ct);
        var rows = await _store.Reader.ReadAsync(reading.Commands, plan.Sql, plan.Args, plan.Fields, ct);
        return rows.Count > plan.PageSize ? rows.GetRange(0, plan.PageSize) : rows;
    }

    /// <summary>How many live records of the form each of <paramref name="users"/> owns, read in <paramref name="work"/> (none: 0).</summary>
    internal async Task<IReadOnlyDictionary<long, long>> OwnedAsync(UnitOfWork work, FormModel model, IReadOnlyCollection<long> users, CancellationToken ct)
    {
        var dialect = _store.Database.Dialect;
        var owner = dialect.Quote(Storage.Forms.SystemColumns.ByProperty[Forms.SystemFields.Owner].Name);
        var counts = users.ToDictionary(u => u, _ => 0L);
        var args = new SqlArgs();
        var ids = args.Add(dialect.IdsParameter(users));
        await using var reader = await work.Commands.ReaderAsync(
            $"SELECT {owner}, COUNT(*) FROM {dialect.Quote(model.Table)} t WHERE {dialect.InIds(owner, ids)} AND t.deleted_at IS NULL GROUP BY {owner}", args, ct);
        while (await reader.ReadAsync(ct))
            counts[Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)] = Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
        return counts;
    }

    /// <summary>A record with every field, live or in the recycle bin, as the engine reads it; null when there is none.</summary>
    internal async Task<RecordData?> FindAsync(FormModel model, long id, CancellationToken ct)
    {
        await using var reading = await _store.Database.ReadAsync(ct);
        return await _store.LoadAsync(reading.Commands, model, id, CallerContext.System, deleted: false, ct)
            ?? await _store.LoadAsync(reading.Commands, model, id, CallerContext.System, deleted: true, ct);
    }

    /// <summary>
    /// Recomputes the formulas of every record of the form, a page per transaction, after a formula was
    /// added or changed. A record whose values change gets a new version, a history entry and an outbox
    /// event naming the recompute, like any other change; records that look it up follow. Returns how many records changed.
    /// </summary>
    /// <param name="progress">Told after each page commits: the records done so far and how many of them changed.</param>
    public async Task<int> RecomputeAllAsync(FormModel model, CallerContext caller, CancellationToken ct = default, Func<long, long, Task>? progress = null)
    {
        if (model.ComputedFields.Count == 0) return 0;
        var (done, changed) = (0L, 0);
        await EachPageWrittenAsync(model, async (page, work, token) =>
        {
            var items = page.Select(RecordWrite.Recompute).ToList();
            var now = _store.Clock.GetUtcNow();
            await Pipeline.RunAsync(new RecordWriteBatch(WriteKind.Recompute, model, caller, now, _store.Script(now, caller), items, work), token);
            changed += items.Count(i => i.Result is not null && !i.Unchanged);
            done += page.Count;
        }, ct, progress is null ? null : () => progress(done, changed));
        return changed;
    }

    /// <summary>How many live records the form has.</summary>
    public async Task<long> CountAsync(FormModel model, CancellationToken ct = default) =>
        (await QueryAsync(model, new QueryRequest { PageSize = 1, Count = true }, CallerContext.System, ct)).Total ?? 0;

    /// <summary>
    /// Writes every record's search document again, a page per transaction: after a text field left the form or came
    /// back, or when a form of an earlier release gets its search index. Records deleted meanwhile keep their old one.
    /// </summary>
    public async Task RebuildSearchAsync(FormModel model, CancellationToken ct = default)
    {
        var dialect = _store.Database.Dialect;
        if (!dialect.HasSearchIndex) return;
        var sql = dialect.WriteSearchDocument(model.Table, @new: false);
        await EachPageWrittenAsync(model, async (page, work, token) =>
        {
            foreach (var record in page) await work.Commands.QueueAsync(sql, [record.Id, IndexSearchStep.Document(dialect, model, record)], token);
        }, ct);
    }

    /// <summary>The live records of the form a page at a time, each page handed to <paramref name="write"/> in a write of its own.</summary>
    /// <param name="written">Called after each page's write commits (outside it: it may write on its own).</param>
    internal async Task EachPageWrittenAsync(FormModel model, Func<IReadOnlyList<RecordData>, UnitOfWork, CancellationToken, Task> write, CancellationToken ct,
        Func<Task>? written = null)
    {
        await using var reading = await _store.Database.ReadAsync(ct);
        await foreach (var page in _store.PagesAsync(reading.Commands, model, null, ct))
        {
            await _store.Database.WriteAsync(async (work, token) =>
            {
                await write(page, work, token);
                return true;
            }, ct);
            if (written is not null) await written();
        }
    }

    /// <summary>
    /// Tries <paramref name="keys"/> of <paramref name="candidate"/> on the first <paramref name="sample"/> records of the form
    /// as it is now, before a publish makes every record run them: a formula that runs out of time (or memory) on an
    /// existing record is named, with how many of the records tried it failed on. Lookups read as blank here.
    /// </summary>
    public async Task<IReadOnlyList<(string Field, string Code, int Failed, int Tried)>> TryFormulasAsync(FormModel current, FormFormulas candidate,
        IReadOnlySet<string> keys, int sample = 20, CancellationToken ct = default)
    {
        var formulas = candidate.Formulas.Where(f => keys.Contains(f.Field.Key)).ToList();
        if (formulas.Count == 0) return [];
        await using var reading = await _store.Database.ReadAsync(ct);
        var records = new List<RecordData>();
        await foreach (var page in _store.PagesAsync(reading.Commands, current, null, ct))
        {
            records.AddRange(page.Take(sample - records.Count));
            if (records.Count >= sample) break;
        }
        var failures = new List<(string, string, int, int)>();
        var now = _store.Clock.GetUtcNow();
        foreach (var (field, formula) in formulas)
        {
            var failed = 0;
            string? code = null;
            foreach (var record in records)
            {
                try
                {
                    _store.Checks.Formulas.Evaluate(formula, _store.Script(now, CallerContext.System), new RecordFormulaValues(record.Values, null, null));
                }
                catch (ScriptException e) when (e.Code is "script.timeout" or "script.memory" or "script.recursion" or "script.statements")
                {
                    code = e.Code;
                    // One is enough to know: the rest would each spend the same time.
                    failed++;
                    break;
                }
            }
            if (failed > 0) failures.Add((field.Key, code!, failed, records.Count));
        }
        return failures;
    }

    /// <summary>Reads of the form as <paramref name="caller"/> sees it, for the engines that group and count records in SQL (reports).</summary>
    internal Query.RecordQueryBuilder QueryBuilder(FormModel model, CallerContext caller) => _store.Builder(model, caller);

    /// <summary>The same, able to follow every single relation field of the form in a filter (<c>customer.region</c>).</summary>
    internal async Task<Query.RecordQueryBuilder> QueryBuilderWithPathsAsync(FormModel model, CallerContext caller, CancellationToken ct) =>
        _store.Builder(model, caller, related: await PathsAsync(model, caller, null, ct));

    /// <summary>
    /// Readers, as the caller sees them, of the forms that <paramref name="filters"/> reach through relation fields (every single
    /// relation field of the form when null): what a condition such as <c>customer.region = east</c> is asked of.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, Query.RecordQueryBuilder>?> PathsAsync(FormModel model, CallerContext caller, IReadOnlyList<Filter>? filters,
        CancellationToken ct)
    {
        var heads = filters is null
            ? model.Fields.Select(f => f.Key)
            : filters.SelectMany(f => f.Conditions()).Select(c => c.Field).Where(f => f.Contains(Filter.PathSeparator)).Select(f => f.Split(Filter.PathSeparator)[0]);
        Dictionary<string, Query.RecordQueryBuilder>? builders = null;
        foreach (var head in heads.Distinct())
        {
            if (model.Field(head) is not { Traits: { References: Forms.Fields.ReferenceKind.Records, RelatedForm: { } form }, Stored.Kind: Storage.Forms.StorageKind.Column }
                || model.Links is not { } links)
                continue;
            builders ??= new Dictionary<string, Query.RecordQueryBuilder>(StringComparer.Ordinal);
            builders[head] = _store.Builder(await links.ModelAsync(form, ct), caller);
        }
        return builders;
    }

    internal PlatformDatabase Database => _store.Database;

    /// <summary>
    /// The fields hidden by their conditions for a record as typed so far (the record form asks as a person types): the
    /// values <paramref name="typed"/> over the record's own (a new one's defaults), each read as a save would read it,
    /// what cannot be read yet counting as empty. The same judgement the required check makes when it is saved.
    /// </summary>
    public IReadOnlySet<string> HiddenFields(FormModel model, JsonElement typed, RecordData? current, CallerContext caller)
    {
        if (model.VisibilityConditions.Count == 0) return new HashSet<string>();
        var values = current is null ? new Dictionary<string, object?>(StringComparer.Ordinal) : new Dictionary<string, object?>(current.Values, StringComparer.Ordinal);
        ReadTyped(model, typed, values);
        var script = _store.Script(_store.Clock.GetUtcNow(), caller);
        if (current is null) _store.Checks.ApplyDefaults(model, values, script);
        return FieldVisibility.Hidden(model, _store.Checks.Formulas, script, new RecordFormulaValues(values, current?.Values, null));
    }

    /// <summary>
    /// A new record's values before anything is typed, as the record form starts it: <paramref name="given"/> (the customer a
    /// follow-up is logged for) and each field's default, constant or computed for the caller (today in their zone, them).
    /// </summary>
    public JsonObject NewValues(FormModel model, JsonObject? given, CallerContext caller)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (given is not null) ReadTyped(model, JsonSerializer.SerializeToElement(given), values);
        _store.Checks.ApplyDefaults(model, values, _store.Script(_store.Clock.GetUtcNow(), caller));
        var json = (JsonObject)(given?.DeepClone() ?? new JsonObject());
        foreach (var (key, value) in values)
            if (!json.ContainsKey(key) && value is not null) json[key] = model.Field(key)!.Codec.Write(value);
        return json;
    }

    // Values a person is still typing, read as a save would read them into <paramref name="values"/>; what cannot be read yet is empty.
    private static void ReadTyped(FormModel model, JsonElement typed, Dictionary<string, object?> values)
    {
        if (typed.ValueKind != JsonValueKind.Object) return;
        foreach (var property in typed.EnumerateObject())
            if (model.Field(property.Name) is { Codec.IsWritable: true } field)
                values[field.Key] = field.Codec.Read(property.Value, field.Key, [], lenient: true);
    }

    public async Task<RecordData> GetAsync(FormModel model, long id, CallerContext caller, CancellationToken ct = default)
    {
        caller.Require(model, RecordAction.Read);
        await using var reading = await _store.Database.ReadAsync(ct);
        var record = await _store.LoadAsync(reading.Commands, model, id, caller, deleted: false, ct) ?? throw new NotFoundException("record.notFound", id);
        return Visible(model, caller, record, []);
    }

    public async Task<QueryResult> QueryAsync(FormModel model, QueryRequest request, CallerContext caller, CancellationToken ct = default)
    {
        caller.Require(model, RecordAction.Read);
        var builder = _store.Builder(model, caller, related: await PathsAsync(model, caller, request.Filter is { } filter ? [filter] : [], ct));
        var plan = builder.Build(request, Options.MaxPageSize);
        await using var reading = await _store.Database.ReadAsync(ct);
        var rows = await _store.Reader.ReadAsync(reading.Commands, plan.Sql, plan.Args, plan.Fields, ct);
        string? next = null;
        if (rows.Count > plan.PageSize)
        {
            rows.RemoveAt(rows.Count - 1);
            next = request.Offset is > 0 && request.After is null ? null : builder.NextCursor(plan, rows[^1]);
        }
        long? total = null;
        if (plan.CountSql is not null)
        {
            await using var reader = await reading.Commands.ReaderAsync(plan.CountSql, plan.CountArgs!, ct);
            await reader.ReadAsync(ct);
            total = Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
        }
        return new QueryResult(rows, next, total);
    }

    /// <summary>
    /// How the database will run a query's page, its count and a get by id (their query plans, a line per step),
    /// so a test can tell when a hot query stops using its index.
    /// </summary>
    internal async Task<(IReadOnlyList<string> Page, IReadOnlyList<string> Count, IReadOnlyList<string> Get)> ExplainAsync(FormModel model,
        QueryRequest request, long id, CallerContext caller, CancellationToken ct = default)
    {
        var dialect = _store.Database.Dialect;
        var builder = _store.Builder(model, caller);
        var plan = builder.Build(request with { Count = true }, Options.MaxPageSize);
        var getArgs = new SqlArgs();
        var get = $"SELECT {_store.Reader.SelectList(model.Fields)} FROM {dialect.Quote(model.Table)} t WHERE {builder.ById(id, getArgs, deleted: false)}";
        await using var connection = await _store.Database.OpenAsync(ct);
        return (await QueryPlans.ReadAsync(connection, dialect, plan.Sql, plan.Args, ct), await QueryPlans.ReadAsync(connection, dialect, plan.CountSql!, plan.CountArgs!, ct),
            await QueryPlans.ReadAsync(connection, dialect, get, getArgs, ct));
    }

    /// <summary>
    /// A connection for reading what hangs off a record (its history, stage moves, pool moves), once the caller is known to
    /// see the record, live or deleted: 403 without the read action, 404 outside their scope.
    /// </summary>
    private async Task<System.Data.Common.DbConnection> OpenVisibleAsync(FormModel model, long id, CallerContext caller, CancellationToken ct)
    {
        caller.Require(model, RecordAction.Read);
        var connection = await _store.Database.OpenAsync(ct);
        try
        {
            if ((await _store.Builder(model, caller, allFields: true).IdsInScopeAsync(connection, null, [id], ct, deleted: null)).Count == 0)
                throw new NotFoundException("record.notFound", id);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A patch that sets only the record's owner (null: the public pool).</summary>
    internal static JsonElement OwnerPatch(long? owner) => JsonSerializer.SerializeToElement(new Dictionary<string, long?> { [Forms.SystemFields.Owner] = owner });

    /// <summary>
    /// Every move of the record's stage fields, oldest first, for whoever can see the record (deleted or not) and its stage
    /// field: what funnels and time in stage are counted from.
    /// </summary>
    public async Task<IReadOnlyList<StageMove>> StagesAsync(FormModel model, long id, CallerContext caller, CancellationToken ct = default)
    {
        await using var connection = await OpenVisibleAsync(model, id, caller, ct);
        var view = caller.Fields(model);
        var rows = await connection.QueryAsync<(long Id, string Field, string? From, string? To, long Version, long? UserId, string? ActorKind, string? ActorRef,
            object At)>("SELECT id, field_key, from_stage, to_stage, record_version, user_id, actor_kind, actor_ref, at FROM pf_stage_history " +
                        "WHERE form_id = @formId AND record_id = @id ORDER BY id", new { formId = model.FormId, id });
        return rows.Where(r => view.CanRead(r.Field)).Select(r => new StageMove(r.Id, r.Field, r.From, r.To, r.Version, r.UserId,
            ChangeLog.ReadActor(r.ActorKind, r.ActorRef, r.UserId), (DateTime)_store.Database.Dialect.FromDb(Storage.ColumnType.DateTime, r.At)!)).ToList();
    }

    /// <summary>Every tag the form's tag rules put on or took off the record, oldest first, for whoever can see it and the tags' field.</summary>
    public async Task<IReadOnlyList<TagChange>> TagHistoryAsync(FormModel model, long id, CallerContext caller, CancellationToken ct = default)
    {
        await using var connection = await OpenVisibleAsync(model, id, caller, ct);
        var view = caller.Fields(model);
        var dialect = _store.Database.Dialect;
        var rows = await connection.QueryAsync<(long Id, string Field, string Tag, object Added, string Rule, long Version, string? ActorKind, string? ActorRef,
            object At)>("SELECT id, field_key, tag, added, rule_key, record_version, actor_kind, actor_ref, at FROM pf_tag_history " +
                        "WHERE form_id = @formId AND record_id = @id ORDER BY id", new { formId = model.FormId, id });
        return rows.Where(r => view.CanRead(r.Field)).Select(r => new TagChange(r.Id, r.Field, r.Tag, dialect.FromDb(Storage.ColumnType.Boolean, r.Added) is true,
            r.Rule, r.Version, ChangeLog.ReadActor(r.ActorKind, r.ActorRef, null), (DateTime)dialect.FromDb(Storage.ColumnType.DateTime, r.At)!)).ToList();
    }

    /// <summary>
    /// The record's changes, oldest first, visible to whoever can see the record, deleted or not. Changes
    /// of fields the caller cannot see are left out, and so are entries that changed nothing else.
    /// </summary>
    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(FormModel model, long id, CallerContext caller, CancellationToken ct = default)
    {
        await using var connection = await OpenVisibleAsync(model, id, caller, ct);
        var rows = await connection.QueryAsync(
            "SELECT id, kind, record_version, user_id, at, changes, actor_kind, actor_ref, warnings FROM pf_history " +
            "WHERE form_id = @formId AND record_id = @id ORDER BY id",
            new { formId = model.FormId, id });
        var dialect = _store.Database.Dialect;
        var view = caller.Fields(model);
        var entries = new List<HistoryEntry>();
        foreach (IDictionary<string, object?> r in rows)
        {
            var changes = ChangeLog.ReadChanges(r["changes"] as string);
            var visible = changes.Where(c => view.CanRead(c.Field)).ToList();
            if (changes.Count > 0 && visible.Count == 0) continue;
            var userId = (long?)dialect.FromDb(ColumnType.Integer, r["user_id"]);
            entries.Add(new HistoryEntry(
                (long)dialect.FromDb(ColumnType.Integer, r["id"])!,
                (string)r["kind"]!,
                (long)dialect.FromDb(ColumnType.Integer, r["record_version"])!,
                userId,
                (DateTime)dialect.FromDb(ColumnType.DateTime, r["at"])!,
                visible)
            {
                Actor = ChangeLog.ReadActor(r["actor_kind"] as string, r["actor_ref"] as string, userId),
                Warnings = ChangeLog.ReadWarnings(r["warnings"] as string).Where(w => view.CanRead(w.Field)).ToList(),
            });
        }
        return entries;
    }

    /// <summary>
    /// The change events of a form after <paramref name="after"/> (an event id), oldest first, as this
    /// caller may see them: only records within their row scope, only the fields of their field view.
    /// </summary>
    public async Task<IReadOnlyList<ChangeEvent>> EventsAsync(FormModel model, long after, int limit, CallerContext caller, CancellationToken ct = default)
    {
        caller.Require(model, RecordAction.Read);
        var dialect = _store.Database.Dialect;
        await using var connection = await _store.Database.OpenAsync(ct);
        var rows = (await connection.QueryAsync(
            dialect.Page("SELECT id, record_id, kind, payload FROM pf_outbox WHERE form_id = @formId AND id > @after ORDER BY id", "@limit", null),
            new { formId = model.FormId, after, limit = Math.Clamp(limit, 1, Options.MaxPageSize) })).Cast<IDictionary<string, object?>>().ToList();
        var recordIds = rows.Select(r => (long)dialect.FromDb(ColumnType.Integer, r["record_id"])!).Distinct().ToList();
        IReadOnlySet<long>? inScope = null;
        if (caller.RowScope(model) is not null && recordIds.Count > 0)
        {
            inScope = await _store.Builder(model, caller, allFields: true).IdsInScopeAsync(connection, null, recordIds, ct, deleted: null);
        }
        var view = caller.Fields(model);
        var events = new List<ChangeEvent>();
        foreach (var r in rows)
        {
            var recordId = (long)dialect.FromDb(ColumnType.Integer, r["record_id"])!;
            if (inScope is not null && !inScope.Contains(recordId)) continue;
            var payload = JsonNode.Parse((string)r["payload"]!)!.AsObject();
            if (payload["changes"] is JsonArray changes)
                foreach (var change in changes.Where(c => !view.CanRead((string)c!["field"]!)).ToList()) changes.Remove(change);
            events.Add(new ChangeEvent((long)dialect.FromDb(ColumnType.Integer, r["id"])!, (string)r["kind"]!, recordId, payload));
        }
        return events;
    }

    /// <summary>The record as the caller may see it: without the fields their view hides, with the warnings of the write.</summary>
    private static RecordData Visible(FormModel model, CallerContext caller, RecordData record, IReadOnlyList<WriteWarning> warnings)
    {
        var view = caller.Fields(model);
        record.Warnings = warnings;
        if (view.IsAll) return record;
        foreach (var key in record.Values.Keys.Where(k => !view.CanRead(k)).ToList()) record.Values.Remove(key);
        return record;
    }
}
