using Dapper;
using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Storage.Dialects;
using Platform.Engine.Storage.Forms;
using Platform.Engine.Validation;

namespace Platform.Engine.Records;

/// <summary>
/// Checks that related records and users exist, for a whole batch at once. Departments have no
/// directory yet; their ids are stored as given.
/// </summary>
internal static class ReferenceChecks
{
    public static async Task CheckAsync(CommandCache commands, SqlDialect dialect, FormModel model,
        IReadOnlyList<(Dictionary<string, object?> Values, string Prefix)> records, List<ValidationError> errors)
    {
        foreach (var field in model.Fields.Where(f => f.Definition is RelationField or UserField))
        {
            var wanted = records.SelectMany(r => Ids(r.Values.GetValueOrDefault(field.Key))).Distinct().ToList();
            if (wanted.Count == 0) continue;
            string table;
            if (field.Definition is RelationField relation)
            {
                var storage = await commands.Connection.ExecuteScalarAsync<string>(
                    "SELECT storage FROM pf_forms WHERE app_id = @appId AND form_key = @key AND version > 0",
                    new { appId = model.AppId, key = relation.Form }, commands.Transaction);
                table = storage is null ? model.Table : FormStorage.FromJson(storage).Table;
            }
            else
            {
                table = "pf_users";
            }
            var live = table == "pf_users" ? "" : " AND deleted_at IS NULL";
            var sql = $"SELECT id FROM {dialect.Quote(table)} WHERE {dialect.InIds("id", "@ids")}{live}";
            var existing = (await commands.Connection.QueryAsync<long>(sql, new { ids = dialect.IdsParameter(wanted) }, commands.Transaction)).ToHashSet();
            var code = field.Definition is RelationField ? "relation.missing" : "user.missing";
            foreach (var (values, prefix) in records)
                foreach (var id in Ids(values.GetValueOrDefault(field.Key)).Where(id => !existing.Contains(id)))
                    errors.Add(new(prefix + field.Key, code, id));
        }
    }

    private static IEnumerable<long> Ids(object? value) => value switch
    {
        long id => [id],
        IEnumerable<long> ids => ids,
        _ => [],
    };
}
