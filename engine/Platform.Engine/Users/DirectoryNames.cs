using Dapper;
using Platform.Engine.Storage;

namespace Platform.Engine.Users;

/// <summary>The names of people (their name, else their email) and departments by id, read in one statement for a whole list.</summary>
internal static class DirectoryNames
{
    public static Task<IReadOnlyDictionary<long, string>> UsersAsync(PlatformDatabase database, IEnumerable<long> ids, CancellationToken ct) =>
        NamesAsync(database, "SELECT id, COALESCE(name, email) FROM pf_users WHERE ", ids, ct);

    public static Task<IReadOnlyDictionary<long, string>> DepartmentsAsync(PlatformDatabase database, IEnumerable<long> ids, CancellationToken ct) =>
        NamesAsync(database, "SELECT id, name FROM pf_departments WHERE ", ids, ct);

    private static async Task<IReadOnlyDictionary<long, string>> NamesAsync(PlatformDatabase database, string select, IEnumerable<long> ids, CancellationToken ct)
    {
        var distinct = ids.Distinct().ToList();
        if (distinct.Count == 0) return new Dictionary<long, string>();
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, string Name)>(new CommandDefinition(select + database.Dialect.InIds("id", "@ids"),
            new { ids = database.Dialect.IdsParameter(distinct) }, cancellationToken: ct));
        return rows.ToDictionary(r => r.Id, r => r.Name);
    }
}
