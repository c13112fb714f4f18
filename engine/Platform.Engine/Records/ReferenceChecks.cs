using Dapper;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Models;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Forms;
using Platform.Engine.Validation;

namespace Platform.Engine.Records;

/// <summary>
/// Checks that related records exist within the caller's row scope of the related form, and that users and
/// departments exist in the directory, for a whole batch at once.
/// </summary>
internal static class ReferenceChecks
{
    public static async Task CheckAsync(RecordStore store, UnitOfWork work, FormModel model, CallerContext caller,
        IReadOnlyList<(IReadOnlyDictionary<string, object?> Values, string Prefix)> records, List<ValidationError> errors, CancellationToken ct)
    {
        foreach (var field in model.Fields)
        {
            var traits = field.Traits;
            if (traits.References == ReferenceKind.None) continue;
            var wanted = records.SelectMany(r => Ids(r.Values.GetValueOrDefault(field.Key))).Distinct().ToList();
            if (wanted.Count == 0) continue;
            IReadOnlySet<long> existing;
            if (traits is { References: ReferenceKind.Records, RelatedForm: { } relatedForm })
            {
                existing = caller.Access.RowScope(model.AppKey, relatedForm) is null || model.Links is null
                    ? await LiveIdsAsync(store, work, model, relatedForm, wanted, ct)
                    : await store.Builder(await model.Links.ModelAsync(relatedForm, ct), caller, allFields: true)
                        .IdsInScopeAsync(work.Connection, work.Transaction, wanted, ct);
            }
            else
            {
                existing = await DirectoryIdsAsync(store, work, traits.References == ReferenceKind.Users ? "pf_users" : "pf_departments", wanted, ct);
            }
            var code = traits.References switch
            {
                ReferenceKind.Records => "relation.missing",
                ReferenceKind.Users => "user.missing",
                _ => "department.missing",
            };
            foreach (var (values, prefix) in records)
                foreach (var id in Ids(values.GetValueOrDefault(field.Key)).Where(id => !existing.Contains(id)))
                    errors.Add(new(prefix + field.Key, code, id));
        }
    }

    /// <summary>The owners a batch sets must be users of the directory.</summary>
    public static async Task CheckOwnersAsync(RecordStore store, UnitOfWork work, IReadOnlyList<(long? Owner, string Prefix)> owners, List<ValidationError> errors,
        CancellationToken ct)
    {
        var wanted = owners.Where(o => o.Owner is not null).Select(o => o.Owner!.Value).Distinct().ToList();
        if (wanted.Count == 0) return;
        var existing = await DirectoryIdsAsync(store, work, "pf_users", wanted, ct);
        foreach (var (owner, prefix) in owners)
            if (owner is { } id && !existing.Contains(id)) errors.Add(new(prefix + "owner", "user.missing", id));
    }

    /// <summary>Which of the ids the directory's table (users or departments) holds.</summary>
    private static Task<HashSet<long>> DirectoryIdsAsync(RecordStore store, UnitOfWork work, string table, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var dialect = store.Database.Dialect;
        return work.Commands.IdsAsync($"SELECT id FROM {table} WHERE {dialect.InIds("id", "@p0")}", [dialect.IdsParameter(ids)], ct);
    }

    /// <summary>Which of the ids are live records of the form: one query on the write's own connection, the common case of no row scope.</summary>
    private static async Task<IReadOnlySet<long>> LiveIdsAsync(RecordStore store, UnitOfWork work, FormModel model, string formKey, IReadOnlyCollection<long> ids,
        CancellationToken ct)
    {
        var dialect = store.Database.Dialect;
        string table;
        if (formKey == model.Key) table = model.Table;
        else if (model.Links is not null) table = (await model.Links.ModelAsync(formKey, ct)).Table; // compiled once, cached
        else
        {
            var storage = await work.Connection.ExecuteScalarAsync<string>("SELECT storage FROM pf_forms WHERE app_id = @appId AND form_key = @key AND version > 0",
                new { appId = model.AppId, key = formKey }, work.Transaction);
            table = storage is null ? model.Table : FormStorage.FromJson(storage).Table;
        }
        return await work.Commands.IdsAsync($"SELECT id FROM {dialect.Quote(table)} WHERE {dialect.InIds("id", "@p0")} AND deleted_at IS NULL",
            [dialect.IdsParameter(ids)], ct);
    }

    /// <summary>The ids a user or relation value holds: one, many or none.</summary>
    public static IEnumerable<long> Ids(object? value) => value switch
    {
        long id => [id],
        IEnumerable<long> ids => ids,
        _ => [],
    };
}
