using System.Text.Json;
using Platform.Engine.Models;
using Platform.Engine.Records.Search;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Dialects;
using Platform.Engine.Validation;

namespace Platform.Engine.Records.Query;

/// <summary>Builds the page and count statements of a query; the row scope is always part of the WHERE.</summary>
internal sealed class RecordQueryBuilder(SqlDialect dialect, FormModel model, CallerContext context, FieldView view, DateOnly today, RecordReader reader,
    IReadOnlyDictionary<string, RecordQueryBuilder>? related = null)
{
    public const int MaxSortKeys = 5;

    // The row scope is the engine's own condition and may name any field; what the caller filters,
    // sorts and reads is limited to the fields they can see.
    private readonly IReadOnlyDictionary<string, QueryTarget> _all = QueryTarget.For(model);
    private readonly IReadOnlyDictionary<string, QueryTarget> _targets = QueryTarget.Visible(model, view);
    private readonly IReadOnlyList<BoundField> _fields = view.IsAll ? model.Fields : model.Fields.Where(f => view.CanRead(f.Key)).ToList();

    public sealed record Plan(string Sql, SqlArgs Args, string? CountSql, SqlArgs? CountArgs, IReadOnlyList<BoundField> Fields,
        IReadOnlyList<(QueryTarget Target, bool Descending)> Sort, string Signature, int PageSize);

    public Plan Build(QueryRequest request, int maxPageSize)
    {
        RefuseHidden(request);
        var errors = new List<ValidationError>();
        if (request.PageSize < 1 || request.PageSize > maxPageSize) errors.Add(new("page.size", "page.size", maxPageSize));

        var fields = _fields;
        if (request.Fields is { } wanted)
        {
            foreach (var key in wanted.Where(k => !_targets.ContainsKey(k))) errors.Add(new("fields", "unknownField", key));
            fields = _fields.Where(f => wanted.Contains(f.Key)).ToList();
        }

        var sort = new List<(QueryTarget Target, bool Descending)>();
        foreach (var key in request.Sort)
        {
            if (_targets.TryGetValue(key.Field, out var target) && target.IsColumn && key.Field != "id") sort.Add((target, key.Descending));
            else if (key.Field != "id") errors.Add(new("sort", "sort.invalid", key.Field));
        }
        if (sort.Count > MaxSortKeys) errors.Add(new("sort", "list.tooMany", MaxSortKeys));
        var signature = string.Join(",", sort.Select(s => (s.Item2 ? "-" : "+") + s.Item1.Key));

        var args = new SqlArgs();
        var branches = ScopeBranches(args);
        var table = dialect.Quote(model.Table);
        // A search in id order walks the search index where the dialect can (see SqlDialect.WalkSearch).
        var walk = sort.Count == 0 && dialect.WalksSearch && SearchWords(request.Search, []) is { } words ? dialect.WalkSearch(model.Table, args.Add(dialect.SearchQuery(words))) : null;
        var from = walk?.From ?? table + " t";
        var id = walk?.Id ?? "t.id";
        var where = Where(request, args, errors, scoped: branches is null, walked: walk is not null);
        if (walk is not null) where = walk.Condition + " AND " + where;
        if (request.After is { } after)
        {
            var keyset = Keyset(after, signature, sort, args, id);
            if (keyset is null) errors.Add(new("page.after", "page.cursor"));
            else where += " AND " + keyset;
        }
        if (errors.Count > 0) throw new ValidationFailedException(errors);

        // The id breaks ties in the direction of the last key, so one index (its columns, then the id) serves the whole order.
        string Column(int i) => "t." + dialect.Quote(sort[i].Item1.Column!);
        var order = Order(sort, Column, id);
        var offset = request.After is null && request.Offset is > 0 ? args.Add(request.Offset.Value) : null;
        string sql;
        if (branches is null)
        {
            sql = dialect.Page($"SELECT {reader.SelectList(fields)} FROM {from} WHERE {where} ORDER BY {order}", args.Add(request.PageSize + 1), offset);
        }
        else
        {
            // One ordered, limited branch per scope, each served by its own index (owner, then the sort), instead of one
            // OR that no index gives in order: the database would gather every match and sort it. The branches' ids and
            // sort values are merged (a record in two scopes is found twice and kept once), and only the page's rows are read.
            var reach = args.Add(request.PageSize + 1 + (request.After is null ? request.Offset ?? 0 : 0));
            var keys = string.Concat(sort.Select((s, i) => $", t.{dialect.Quote(s.Target.Column!)} AS k{i}"));
            var found = string.Join(" UNION ", branches.Select((branch, i) =>
                $"SELECT b{i}.* FROM ({dialect.Page($"SELECT t.id{keys} FROM {from} WHERE {branch.Sql} AND {where} ORDER BY {Pinned(branch, sort)}{order}", reach, null)}) b{i}"));
            var merged = dialect.Page($"SELECT s.id FROM ({found}) s ORDER BY {Order(sort, i => "s.k" + i, "s.id")}", reach, null);
            sql = dialect.Page($"SELECT {reader.SelectList(fields)} FROM ({merged}) m CROSS JOIN {table} t WHERE t.id = m.id ORDER BY {Order(sort, Column, "t.id")}",
                args.Add(request.PageSize + 1), offset);
        }

        string? countSql = null;
        SqlArgs? countArgs = null;
        if (request.Count)
        {
            countArgs = new SqlArgs();
            countSql = $"SELECT COUNT(*) FROM {dialect.Quote(model.Table)} t WHERE {Where(request, countArgs, [])}";
        }
        return new Plan(sql, args, countSql, countArgs, fields, sort, signature, request.PageSize);
    }

    /// <summary>
    /// A filter, sort or projection over a field hidden from the caller is refused (403) naming it: dropping it would
    /// answer a different question, and a filter over it would tell its values apart.
    /// </summary>
    private void RefuseHidden(QueryRequest request)
    {
        // A path through a relation (customer.region) needs sight of the relation; the related form checks the rest.
        var named = (request.Fields ?? []).Concat(request.Sort.Select(s => s.Field))
            .Concat(request.Filter?.Conditions().Select(c => c.Field.Split(Filter.PathSeparator)[0]) ?? []);
        if (named.FirstOrDefault(key => !_targets.ContainsKey(key) && _all.ContainsKey(key)) is { } hidden)
            throw new ForbiddenException("access.hiddenField", hidden);
    }

    /// <summary>
    /// The WHERE of a grouped read over the form as the caller sees it (a report): live records within their row scope
    /// that match <paramref name="filter"/>, which may name only the fields they can read (403 otherwise).
    /// </summary>
    public string Where(Filter? filter, SqlArgs args, List<ValidationError> errors)
    {
        var request = new QueryRequest { Filter = filter };
        RefuseHidden(request);
        return Where(request, args, errors);
    }

    /// <summary>The ids of the records the caller sees that match <paramref name="filter"/>, as a subquery (of a path through a relation).</summary>
    public string Ids(Filter filter, SqlArgs args, List<ValidationError> errors) =>
        $"SELECT t.id FROM {dialect.Quote(model.Table)} t WHERE {Where(filter, args, errors)}";

    /// <summary>A filter alone (a measure's condition, a period), over the fields the caller can read.</summary>
    public string Condition(Filter filter, SqlArgs args, List<ValidationError> errors)
    {
        RefuseHidden(new QueryRequest { Filter = filter });
        var compiler = new FilterCompiler(dialect, _targets, context, today, args, model.FormId, related);
        var sql = compiler.Compile(filter);
        errors.AddRange(compiler.Errors);
        return sql;
    }

    /// <summary>A field or system field the caller can read, by key: null when the form has none; 403 when it is hidden from them.</summary>
    public QueryTarget? Readable(string key) =>
        _targets.GetValueOrDefault(key) ?? (_all.ContainsKey(key) ? throw new ForbiddenException("access.hiddenField", key) : null);

    /// <summary>Today in the caller's time zone, as the query reads relative dates.</summary>
    public DateOnly Today => today;

    /// <summary>The ORDER BY of a sort over the given column expressions, the id breaking ties.</summary>
    private string Order(List<(QueryTarget Target, bool Descending)> sort, Func<int, string> column, string id) =>
        string.Join(", ", sort.Select((s, i) => dialect.OrderTerm(column(i), s.Descending)).Append(IdDescending(sort) ? id + " DESC" : id));

    private static bool IdDescending(List<(QueryTarget Target, bool Descending)> sort) => sort.Count > 0 && sort[^1].Descending;

    /// <summary>The cursor after <paramref name="last"/>, for the next page.</summary>
    public string NextCursor(Plan plan, RecordData last) =>
        Cursor.Encode(plan.Signature, plan.Sort.Select(s => s.Target.Codec.Write(last.Get(s.Target.Key))), last.Id);

    /// <summary>The condition for one record by id, with the caller's scope.</summary>
    public string ById(long id, SqlArgs args, bool deleted)
    {
        var errors = new List<ValidationError>();
        var where = Where(new QueryRequest { Deleted = deleted }, args, errors);
        return $"t.id = {args.Add(id)} AND {where}";
    }

    /// <summary>Which of <paramref name="ids"/> are live (deleted, or either when null) records within the caller's row scope.</summary>
    public async Task<IReadOnlySet<long>> IdsInScopeAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction,
        IReadOnlyCollection<long> ids, CancellationToken ct, bool? deleted = false)
    {
        var args = new SqlArgs();
        var where = Where(new QueryRequest { Deleted = deleted == true }, args, [], eitherBin: deleted is null);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT t.id FROM {dialect.Quote(model.Table)} t WHERE {dialect.InIds("t.id", args.Add(dialect.IdsParameter(ids)))} AND {where}";
        args.ApplyTo(command);
        var found = new HashSet<long>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) found.Add(Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        return found;
    }

    /// <summary>
    /// The row scope's alternatives, compiled one by one, when it is a choice of a few (own or the pool; my department
    /// or mine); null when a page can read it as one condition.
    /// </summary>
    private List<(string Sql, string? Pinned)>? ScopeBranches(SqlArgs args) =>
        context.RowScope(model) is OrFilter { Items.Count: >= 2 and <= MaxScopeBranches } either
            ? either.Items.Select(s => (Scope(s, args), PinnedColumn(s))).ToList()
            : null;

    private const int MaxScopeBranches = 8;

    /// <summary>The column a scope holds to one value (<c>owner = me</c>, <c>owner IS NULL</c>), if it does.</summary>
    private string? PinnedColumn(Filter scope) =>
        scope is Condition condition && FilterCompiler.HoldsOneValue(condition) && _all.TryGetValue(condition.Field, out var target) && target.IsColumn
            ? "t." + dialect.Quote(target.Column!)
            : null;

    /// <summary>
    /// A branch's order led by the column its scope holds still: the same order, which PostgreSQL only then reads from
    /// an index that starts with that column when the value is NULL (IS NULL is no equality to its planner).
    /// </summary>
    private string Pinned((string Sql, string? Pinned) branch, List<(QueryTarget Target, bool Descending)> sort) =>
        branch.Pinned is { } column ? dialect.OrderTerm(column, sort.Count > 0 ? sort[0].Descending : false) + ", " : "";

    private string Scope(Filter scope, SqlArgs args)
    {
        var compiler = new FilterCompiler(dialect, _all, context, today, args, model.FormId);
        var sql = compiler.Compile(scope);
        if (compiler.Errors.Count > 0) throw new InvalidOperationException("The row scope does not fit this form: " + compiler.Errors[0].Message("en"));
        return sql;
    }

    /// <param name="eitherBin">Live and deleted records alike (what history and events may show).</param>
    /// <param name="scoped">False when the caller adds the row scope itself.</param>
    /// <param name="walked">The search index is walked in the FROM (<see cref="SqlDialect.WalkSearch"/>), not asked in the WHERE.</param>
    private string Where(QueryRequest request, SqlArgs args, List<ValidationError> errors, bool eitherBin = false, bool scoped = true, bool walked = false)
    {
        var parts = new List<string> { eitherBin ? "1=1" : request.Deleted ? "t.deleted_at IS NOT NULL" : "t.deleted_at IS NULL" };
        if (scoped && context.RowScope(model) is { } scope) parts.Add(Scope(scope, args));
        if (request.Filter is { } filter)
        {
            var compiler = new FilterCompiler(dialect, _targets, context, today, args, model.FormId, related);
            parts.Add(compiler.Compile(filter));
            errors.AddRange(compiler.Errors);
        }
        if (request.Search is { } search) parts.AddRange(Search(search, args, errors, walked));
        return string.Join(" AND ", parts);
    }

    /// <summary>
    /// Quick search through the form's search index. A caller who may not read some of the text fields must find
    /// records by the fields they can read only: the index's answer is then checked against those columns.
    /// Without an index (SQL Server here), every word is looked for in the readable text columns (a scan).
    /// </summary>
    private IEnumerable<string> Search(string search, SqlArgs args, List<ValidationError> errors, bool walked)
    {
        if (SearchWords(search, errors) is not { } words) yield break;
        var readable = model.SearchFields.Where(f => view.CanRead(f.Key)).ToList();
        if (dialect.HasSearchIndex && !walked) yield return dialect.SearchCondition(model.Table, args.Add(dialect.SearchQuery(words)));
        if (dialect.HasSearchIndex && readable.Count == model.SearchFields.Count) yield break;
        foreach (var word in search.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Where(w => SearchText.Words(w).Count > 0))
        {
            var pattern = args.Add("%" + dialect.EscapeLike(word) + "%");
            yield return readable.Count == 0 ? "1=0" : "(" + string.Join(" OR ", readable.Select(f => dialect.Like("t." + dialect.Quote(f.Stored.Column!), pattern))) + ")";
        }
    }

    /// <summary>A search's words; null (with the reason in <paramref name="errors"/>) when there is none or it is too short or too long.</summary>
    private static IReadOnlyList<IReadOnlyList<string>>? SearchWords(string? search, List<ValidationError> errors)
    {
        if (search is null) return null;
        if (search.Length > SearchText.MaxQueryLength)
        {
            errors.Add(new("search", "search.tooLong", SearchText.MaxQueryLength));
            return null;
        }
        var words = SearchText.Words(search);
        if (words.Count == 0) errors.Add(new("search", "search.tooShort"));
        return words.Count == 0 ? null : words;
    }

    /// <param name="id">The id's expression in the page's FROM.</param>
    private string? Keyset(string cursor, string signature, List<(QueryTarget Target, bool Descending)> sort, SqlArgs args, string id)
    {
        if (Cursor.Decode(cursor, signature) is not { } decoded || decoded.Values.Length != sort.Count) return null;
        var equal = new List<string>();
        var branches = new List<string>();
        for (var i = 0; i < sort.Count; i++)
        {
            var (target, descending) = sort[i];
            var column = "t." + dialect.Quote(target.Column!);
            object? value = null;
            if (decoded.Values[i].ValueKind != JsonValueKind.Null)
            {
                var problems = new List<ValidationError>();
                value = target.Codec.Read(decoded.Values[i], target.Key, problems, lenient: true);
                if (problems.Count > 0 || value is null) return null;
                value = dialect.ToDb(target.Spec!, target.Codec.ToStorage(value));
            }
            // NULL sorts as the smallest value on every database (see SqlDialect.OrderTerm).
            var after = value is null
                ? descending ? "1=0" : $"{column} IS NOT NULL"
                : descending ? $"({column} < {args.Add(value)} OR {column} IS NULL)" : $"{column} > {args.Add(value)}";
            branches.Add(string.Join(" AND ", equal.Append(after)));
            equal.Add(value is null ? $"{column} IS NULL" : $"{column} = {args.Add(value)}");
        }
        branches.Add(string.Join(" AND ", equal.Append($"{id} {(IdDescending(sort) ? "<" : ">")} {args.Add(decoded.Id)}")));
        return "(" + string.Join(" OR ", branches.Select(b => "(" + b + ")")) + ")";
    }

}
