using Dapper;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Validation;
using Platform.Engine.Values;

namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>
/// The duplicate check (查重): a created record, or a changed value of a checked field, is looked up by its duplicate key
/// among the other live records. A hit names the record (when the caller may read it) and its owner; the field's check
/// refuses the write (409) or lets it through with a warning. The unique index of a refusing check is what holds when two
/// writes meet in the same instant (<see cref="WriteStep"/> reports that one).
/// </summary>
internal sealed class CheckDuplicatesStep(RecordStore store)
    : BuiltInStep("check-duplicates", StepOrder.CheckDuplicates, WriteKind.Create | WriteKind.Update, needsValidInput: true)
{
    public override async ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        var checkedFields = batch.Model.DuplicateChecked.Where(f => f.Definition.Duplicates is not null).ToList();
        if (checkedFields.Count == 0) return;
        var work = batch.RequireWork();
        var refused = new List<ValidationError>();
        // Records written together (an import's batch) are compared with each other too: none of them is stored yet.
        var together = new HashSet<(string Field, string Key)>();
        foreach (var item in batch.Items)
        {
            if (item.Unchanged) continue;
            foreach (var field in checkedFields)
            {
                if (batch.Kind == WriteKind.Update && item.Changes.All(c => c.Field != field.Key)) continue;
                if (DuplicateKey.Of(field.Definition, item.Values.GetValueOrDefault(field.Key)) is not { } key) continue;
                var hit = together.Add((field.Key, key)) ? await FindAsync(batch, work, field, key, item.Current?.Id, ct) : new Hit("duplicate.together", []);
                if (hit is null) continue;
                if (field.Definition.Duplicates == DuplicateModes.Refuse) refused.Add(new ValidationError(item.Prefix + field.Key, hit.Code, hit.Args));
                else item.Warnings.Add(new WriteWarning(field.Key, hit.Code, hit.Args));
            }
        }
        if (refused.Count > 0) throw new DuplicateValueException(refused);
    }

    private sealed record Hit(string Code, object?[] Args);

    private sealed class Row
    {
        public long Id { get; init; }

        public object? Value { get; init; }

        public long? Owner { get; init; }

        public string? Name { get; init; }

        public string? Email { get; init; }
    }

    private async Task<Hit?> FindAsync(RecordWriteBatch batch, Storage.UnitOfWork work, Models.BoundField field, string key, long? self, CancellationToken ct)
    {
        var dialect = store.Database.Dialect;
        var table = dialect.Quote(batch.Model.Table);
        var sql = dialect.Page($"SELECT t.id AS Id, t.{dialect.Quote(field.Stored.Column!)} AS Value, t.owner AS Owner, u.name AS Name, u.email AS Email " +
            $"FROM {table} t LEFT JOIN pf_users u ON u.id = t.owner " +
            $"WHERE t.{dialect.Quote(field.Stored.DuplicateColumn!)} = @key AND t.deleted_at IS NULL AND t.id <> @self ORDER BY t.id", "1", null);
        var row = await work.Connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(sql, new { key, self = self ?? 0 }, work.Transaction, cancellationToken: ct));
        if (row is null) return null;
        var visible = batch.Caller.RowScope(batch.Model) is null
                      || (await store.Builder(batch.Model, batch.Caller, allFields: true).IdsInScopeAsync(work.Connection, work.Transaction, [row.Id], ct)).Count > 0;
        var owner = row.Name ?? row.Email;
        var value = dialect.FromDb(field.Stored.Spec!, row.Value);
        // A pooled record is anyone's to claim; another's record is named by its owner only.
        if (row.Owner is null) return new Hit("duplicate.existsInPool", [null, value, visible ? row.Id : null]);
        return visible ? new Hit("duplicate.exists", [owner, value, row.Id]) : new Hit("duplicate.existsHidden", [owner, null, null]);
    }
}
