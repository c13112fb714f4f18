using System.Data.Common;
using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Formulas;
using Platform.Engine.Records.Query;
using Platform.Engine.Scripting;
using Platform.Engine.Validation;

namespace Platform.Engine.Records;

/// <summary>
/// Lookups: formulas that read fields of related records. Their values are read inside the write's
/// transaction; when a related record changes, the records that look it up are recomputed in the
/// same transaction, so a lookup is never stale once the change is committed.
/// </summary>
public sealed partial class RecordService
{
    /// <summary>How many levels of lookups through lookups follow one change (a customer → its deals → their invoices).</summary>
    private const int MaxLookupDepth = 3;

    private async Task<IReadOnlyDictionary<FormulaInput, object?>?> LookupsAsync(DbConnection connection, DbTransaction transaction, FormModel model,
        IReadOnlyDictionary<string, object?> values, CancellationToken ct)
    {
        if (model.Lookups.Count == 0 || model.Links is null) return null;
        var result = new Dictionary<FormulaInput, object?>();
        foreach (var group in model.Lookups.GroupBy(l => l.Field))
        {
            if (model.Field(group.Key)?.Definition is not RelationField relation) continue;
            var target = await model.Links.ModelAsync(relation.Form, ct);
            var ids = values.GetValueOrDefault(group.Key) switch
            {
                long id => [id],
                IEnumerable<long> many => many.ToList(),
                _ => new List<long>(),
            };
            var records = new List<RecordData>();
            foreach (var id in ids)
                if (await LoadAsync(connection, transaction, target, id, RecordContext.System, deleted: false, ct) is { } record) records.Add(record);
            foreach (var input in group)
            {
                var looked = records.Select(r => r.Values.GetValueOrDefault(input.Part!)).ToList();
                result[input] = relation.Multiple ? looked : looked.FirstOrDefault();
            }
        }
        return result;
    }

    /// <summary>Formulas and rules with lookups read in the transaction; the errors they meet are added.</summary>
    private async Task ComputeWithLookupsAsync(DbConnection connection, DbTransaction transaction, FormModel model, Dictionary<string, object?> values,
        IReadOnlyDictionary<string, object?>? previous, ScriptContext script, string prefix, List<ValidationError> errors, CancellationToken ct)
    {
        _checks.ComputeAndCheck(model, values, previous, await LookupsAsync(connection, transaction, model, values, ct), script, prefix, errors);
    }

    /// <summary>Recomputes the records of other forms that look up fields of this record which just changed.</summary>
    private async Task RefreshDependentsAsync(DbConnection connection, DbTransaction transaction, CommandCache commands, FormModel model, long id,
        IReadOnlyCollection<string> changed, ScriptContext script, int depth, CancellationToken ct)
    {
        if (model.Links is null || depth >= MaxLookupDepth) return;
        // Queued history and link rows must reach the database before the dependents read this record.
        await commands.FlushAsync(ct);
        foreach (var dependent in await model.Links.DependentsAsync(model.Key, ct))
        {
            if (!dependent.Reads.Overlaps(changed)) continue;
            var relation = (RelationField)dependent.Form.Field(dependent.Relation)!.Definition;
            var filter = Condition.Of(dependent.Relation, relation.Multiple ? "contains" : "eq", id);
            foreach (var record in await ReadAllAsync(connection, transaction, dependent.Form, filter, ct))
                await RecomputeAsync(connection, transaction, commands, dependent.Form, record, script, depth, ct);
        }
    }

    /// <summary>
    /// Recomputes the formulas of every record of the form, a page per transaction, after a formula was
    /// added or changed. A record whose values change gets a new version, a history entry and an outbox
    /// event, like any other change; records that look it up follow. Returns how many records changed.
    /// </summary>
    public async Task<int> RecomputeAllAsync(FormModel model, CancellationToken ct = default)
    {
        if (model.Formulas.Count == 0) return 0;
        var builder = Builder(model, RecordContext.System);
        var changed = 0;
        string? after = null;
        do
        {
            await using var connection = await database.OpenAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using var commands = new CommandCache(connection, transaction);
            var plan = builder.Build(new QueryRequest { PageSize = _options.MaxPageSize, After = after }, _options.MaxPageSize);
            var rows = await _reader.ReadAsync(connection, transaction, plan.Sql, plan.Args, plan.Fields, ct);
            after = rows.Count > plan.PageSize ? builder.NextCursor(plan, rows[plan.PageSize - 1]) : null;
            var script = Script(clock.GetUtcNow(), RecordContext.System);
            foreach (var record in rows.Take(plan.PageSize))
                if (await RecomputeAsync(connection, transaction, commands, model, record, script, 0, ct)) changed++;
            await commands.CommitAsync(ct);
        }
        while (after is not null);
        return changed;
    }

    private async Task<bool> RecomputeAsync(DbConnection connection, DbTransaction transaction, CommandCache commands, FormModel model, RecordData current,
        ScriptContext script, int depth, CancellationToken ct)
    {
        var values = new Dictionary<string, object?>(current.Values, StringComparer.Ordinal);
        var errors = new List<ValidationError>();
        _checks.Compute(model, values, current.Values, await LookupsAsync(connection, transaction, model, values, ct), script, "", errors);
        var changes = model.Formulas
            .Where(f => !f.Field.Codec.AreEqual(current.Values.GetValueOrDefault(f.Field.Key), values.GetValueOrDefault(f.Field.Key)))
            .Select(f => new FieldChange(f.Field.Key, f.Field.Codec.Write(current.Values.GetValueOrDefault(f.Field.Key)), f.Field.Codec.Write(values.GetValueOrDefault(f.Field.Key))))
            .ToList();
        // A formula that cannot be computed keeps its stored value: the related change is not refused for another form's sake.
        if (changes.Count == 0 || errors.Count > 0) return false;
        var updated = new RecordData
        {
            Id = current.Id, Version = current.Version + 1, CreatedAt = current.CreatedAt, CreatedBy = current.CreatedBy,
            UpdatedAt = script.Now.UtcDateTime, UpdatedBy = current.UpdatedBy, Owner = current.Owner,
        };
        foreach (var (key, value) in values) updated.Values[key] = value;
        var keys = changes.Select(c => c.Field).ToHashSet();
        if (!await _writer.UpdateAsync(commands, model, updated, current.Version, keys, ct)) return false;
        await _log.WriteAsync(commands, model, updated, "updated", changes, ct);
        await RefreshDependentsAsync(connection, transaction, commands, model, updated.Id, keys, script, depth + 1, ct);
        return true;
    }

    private async Task<List<RecordData>> ReadAllAsync(DbConnection connection, DbTransaction transaction, FormModel model, Filter filter, CancellationToken ct)
    {
        var builder = Builder(model, RecordContext.System);
        var all = new List<RecordData>();
        string? after = null;
        do
        {
            var plan = builder.Build(new QueryRequest { Filter = filter, PageSize = _options.MaxPageSize, After = after }, _options.MaxPageSize);
            var rows = await _reader.ReadAsync(connection, transaction, plan.Sql, plan.Args, plan.Fields, ct);
            after = rows.Count > plan.PageSize ? builder.NextCursor(plan, rows[plan.PageSize - 1]) : null;
            all.AddRange(rows.Take(plan.PageSize));
        }
        while (after is not null);
        return all;
    }
}
