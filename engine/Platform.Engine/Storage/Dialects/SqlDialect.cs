using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Platform.Engine.Storage.Dialects;

/// <summary>
/// Everything that differs between databases, and nothing else. SQL elsewhere is written once
/// with <c>@name</c> parameters and identifiers the engine generated.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>The configuration name: sqlite, postgres or sqlserver.</summary>
    public abstract string Name { get; }

    /// <summary>How many parameters one statement may carry here.</summary>
    public abstract int MaxParameters { get; }

    /// <summary>Statements of a savepoint inside a transaction: set, forget (null where there is nothing to release), roll back to.</summary>
    /// <summary>Runs statements without the driver where that is cheaper; null where the driver is the way.</summary>
    internal virtual IDirectStatements? DirectStatements(System.Data.Common.DbConnection connection) => null;

    public virtual string Savepoint(string name) => $"SAVEPOINT {name}";

    public virtual string? ReleaseSavepoint(string name) => $"RELEASE SAVEPOINT {name}";

    public virtual string RollbackToSavepoint(string name) => $"ROLLBACK TO SAVEPOINT {name}";

    /// <summary>The statement that moves the write-ahead log into the database, where the platform schedules that itself (SQLite).</summary>
    public virtual string? Checkpoint => null;

    /// <summary>
    /// The checkpoint that also starts the log over from its beginning, waiting briefly for the writer and for readers
    /// still in the log; null where <see cref="Checkpoint"/> is.
    /// </summary>
    public virtual string? RestartCheckpoint => null;

    /// <summary>True where the database lets one writer in at a time (SQLite): its writes are then grouped by one writer in the process.</summary>
    public virtual bool SingleWriter => false;

    /// <summary>Whether statements are compiled in this process (an embedded database), so keeping them prepared between reads pays.</summary>
    public virtual bool PreparesInProcess => false;

    /// <summary>
    /// Statements that take (waiting) and give back a lock named by <c>@name</c>, held by the connection's session, so that
    /// processes sharing the database do one thing one at a time (nodes started together migrate once); none where one
    /// process is the database's only user.
    /// </summary>
    public virtual (string Take, string Give)? SessionLock => null;

    public abstract DbConnection CreateConnection(string connectionString);

    /// <summary>How nodes on this database hear each other's changes; on a database one process uses, they are heard only here.</summary>
    public virtual Changes.ChangeFeed ChangeFeed(PlatformDatabase database) => new Changes.LocalChangeFeed();

    /// <summary>Runs once per opened connection (pragmas, session settings).</summary>
    public virtual Task PrepareConnectionAsync(DbConnection connection, CancellationToken ct) => Task.CompletedTask;

    public abstract string Quote(string identifier);

    public abstract string TypeOf(ColumnSpec spec);

    protected abstract string IdentityColumn(string name);

    public string CreateTable(TableSpec table)
    {
        var sql = new StringBuilder($"CREATE TABLE {Quote(table.Name)} (");
        var parts = new List<string>();
        if (table.IdentityKey) parts.Add(IdentityColumn("id"));
        parts.AddRange(table.Columns.Select(ColumnSql));
        if (table.PrimaryKey is { Count: > 0 } key)
            parts.Add($"PRIMARY KEY ({string.Join(", ", key.Select(Quote))})");
        sql.Append(string.Join(", ", parts)).Append(')');
        return sql.ToString();
    }

    public string ColumnSql(ColumnDef column) =>
        $"{Quote(column.Name)} {TypeOf(column.Spec)}{(column.Nullable ? "" : " NOT NULL")}";

    public virtual string AddColumn(string table, ColumnDef column) =>
        $"ALTER TABLE {Quote(table)} ADD {ColumnSql(column)}";

    // The three databases share the partial-index syntax (SQL Server calls it a filtered index).
    public virtual string CreateIndex(IndexSpec index)
    {
        // Not in a unique index: its NULL would make every row distinct.
        var columns = index.LiveOnly && !index.Unique && PartialIndexNeedsItsColumn ? index.Columns.Append("deleted_at") : index.Columns;
        return $"CREATE {(index.Unique ? "UNIQUE " : "")}INDEX {Quote(index.Name)} ON {Quote(index.Table)} " +
               $"({string.Join(", ", columns.Select(c => index.LiveOnly ? SortedIndexColumn(c) : Quote(c)))})" +
               (index.LiveOnly ? $" WHERE {Quote("deleted_at")} IS NULL" : index.WhileNull is { } column ? $" WHERE {Quote(column)} IS NULL" : "");
    }

    /// <summary>
    /// True where a partial index answers a count alone only if it also holds the column of its own condition
    /// (SQLite: otherwise it reads every matching row to check <c>deleted_at IS NULL</c> again).
    /// </summary>
    protected virtual bool PartialIndexNeedsItsColumn => false;

    /// <summary>A column of an index that serves sorted pages: in the order <see cref="OrderTerm"/> sorts (NULL smallest).</summary>
    protected virtual string SortedIndexColumn(string column) => Quote(column);

    /// <summary>Changes a kept column's declared type where the database needs it (text lengths); null where not.</summary>
    public virtual string? AlterColumnType(string table, string column, ColumnSpec spec) => null;

    public virtual string DropIndex(string table, string index) => $"DROP INDEX {Quote(index)}";

    public virtual string DropColumn(string table, string column) => $"ALTER TABLE {Quote(table)} DROP COLUMN {Quote(column)}";

    public string DropTable(string table) => $"DROP TABLE {Quote(table)}";

    /// <summary>Lists the tables that exist, to create only what is missing.</summary>
    public abstract string ListTables { get; }

    /// <summary>An INSERT that hands back the new row's <c>id</c> as its only result.</summary>
    public virtual string InsertReturningId(string table, IReadOnlyList<string> columns) => Insert(table, columns) + " RETURNING id";

    public string Insert(string table, IReadOnlyList<string> columns) =>
        $"INSERT INTO {Quote(table)} ({string.Join(", ", columns.Select(Quote))}) VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})";

    /// <summary>
    /// The first <paramref name="limit"/> rows of a work queue that no other transaction holds, held by this one until it
    /// ends, so nodes sharing the queue never take the same row and never wait on each other. Where the database has
    /// one writer (SQLite), a plain read is enough.
    /// </summary>
    public virtual string ClaimRows(string table, string columns, string where, string orderBy, int limit, string? index = null) =>
        $"SELECT {columns} FROM {Quote(table)}{(index is null ? "" : IndexHint(index))} WHERE {where} ORDER BY {orderBy} LIMIT {limit}";

    /// <summary>
    /// What follows a table's name to read it through <paramref name="index"/> where the planner could be misled about it
    /// (SQLite: its statistics are never refreshed by themselves); nothing where the database keeps them current.
    /// </summary>
    public virtual string IndexHint(string index) => "";

    /// <summary>Adds paging to a query that already has an ORDER BY.</summary>
    public virtual string Page(string sql, string limitParameter, string? offsetParameter) =>
        $"{sql} LIMIT {limitParameter}" + (offsetParameter is null ? "" : $" OFFSET {offsetParameter}");

    /// <summary>The quick-search index of a form's table (bigrams of its text fields), beside it.</summary>
    public static string SearchTable(string table) => table + "_q";

    /// <summary>False where quick search reads the text columns with LIKE (a scan) for want of an index of its own.</summary>
    public virtual bool HasSearchIndex => false;

    /// <summary>The statements creating the search index of <paramref name="table"/>.</summary>
    public virtual IReadOnlyList<string> CreateSearchIndex(string table) => [];

    /// <summary>
    /// Stores one record's search document: <c>@p0</c> the id, <c>@p1</c> the document; replacing the one it had unless
    /// the record is <paramref name="new"/> (ids are never used twice, so a new record has none to look for).
    /// </summary>
    public virtual string WriteSearchDocument(string table, bool @new) => throw new NotSupportedException();

    /// <summary>One record's search document from its text values, normalized (quick search's normalized text): their bigrams.</summary>
    public virtual object SearchDocument(IReadOnlyList<string> values) => throw new NotSupportedException();

    /// <summary>The condition that a record (<c>t</c>) holds every word, each word's bigrams in a row.</summary>
    public virtual string SearchCondition(string table, string parameter) => throw new NotSupportedException();

    /// <summary>
    /// Where the search index gives its matches in id order: a page in id order that walks the index and reads each
    /// match's row beside it, stopping at the page's end, instead of gathering every match first (a word in a fifth of a
    /// million records: 80 ms against 0.4 ms on SQLite). Only where <see cref="WalksSearch"/>; elsewhere the search stays a
    /// condition on the rows.
    /// </summary>
    public virtual SearchWalk WalkSearch(string table, string parameter) => throw new NotSupportedException();

    /// <summary>True where <see cref="WalkSearch"/> serves a search's page in id order.</summary>
    public virtual bool WalksSearch => false;

    /// <summary>The value of the <see cref="SearchCondition"/> parameter for a query's words.</summary>
    public virtual object SearchQuery(IReadOnlyList<IReadOnlyList<string>> words) => throw new NotSupportedException();

    /// <summary>Copies the database <paramref name="connection"/> is open on to <paramref name="file"/>, consistently; returns the pages copied.</summary>
    public virtual Task<long> BackupAsync(DbConnection connection, string file, CancellationToken ct) =>
        throw new NotSupportedException($"The backup verb copies the embedded SQLite database; back up {Name} with its own tools (see the README).");

    /// <summary>The statement that shows how the database will run <paramref name="sql"/> (its query plan), a line per row.</summary>
    public virtual string Explain(string sql) => throw new NotSupportedException($"Query plans are not read on {Name}.");

    /// <summary>
    /// The statement that makes the database plan the rest of a transaction's statements for the values they are given,
    /// where it would otherwise settle on one plan for any values after a few runs; null where it plans each run anyway.
    /// </summary>
    public virtual string? PlanForValues => null;

    /// <summary>The seconds from one instant column or expression to another (a fraction where the database keeps one).</summary>
    public abstract string SecondsBetween(string from, string to);

    /// <summary>One ORDER BY term where NULL sorts as the smallest value, the same on every database.</summary>
    public virtual string OrderTerm(string expression, bool descending) => descending ? expression + " DESC" : expression;

    /// <summary>A case-insensitive LIKE with <c>\</c> as the escape character.</summary>
    public virtual string Like(string expression, string parameter) => $"{expression} LIKE {parameter} ESCAPE '\\'";

    public virtual string EscapeLike(string value) =>
        value.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    /// <summary>
    /// <c>expression IN (the ids in one parameter)</c>: one statement text however many ids, so it is
    /// prepared once, and no statement meets the database's parameter limit.
    /// </summary>
    public abstract string InIds(string expression, string parameter);

    /// <summary>
    /// An expression in a record's SELECT (the form table is <c>t</c>) giving the values it holds in a link table as the
    /// text of one JSON array, in their order (NULL or <c>[]</c> when it holds none): a multi-valued field comes back in
    /// the record's own row, not from a statement of its own. <paramref name="text"/>: the values are text, not ids.
    /// </summary>
    public abstract string LinkValues(string linkTable, bool text);

    /// <summary>The value of the parameter <see cref="InIds"/> reads.</summary>
    public virtual object IdsParameter(IReadOnlyCollection<long> ids) => "[" + string.Join(",", ids) + "]";

    /// <summary>Adds one to a sequence row (creating it at 1) and returns the new value, atomically.</summary>
    public virtual string NextSequenceValue =>
        "INSERT INTO pf_sequences (form_id, field_key, period, value) VALUES (@form, @field, @period, 1) " +
        "ON CONFLICT (form_id, field_key, period) DO UPDATE SET value = pf_sequences.value + 1 RETURNING value";

    /// <summary>True when a unique index or primary key rejected a row.</summary>
    public abstract bool IsUniqueViolation(Exception exception);

    /// <summary>The column a unique index rejected a row for, or null when the error is something else.</summary>
    public abstract string? UniqueViolationColumn(Exception exception);

    /// <summary>The index name the engine gives a unique field column; the dialects parse it back.</summary>
    public static string UniqueIndexName(string table, string column) => $"ux_{table}__{column}";

    /// <summary>A value as a column of this spec stores it: a fixed-point number becomes its minor units.</summary>
    public object? ToDb(ColumnSpec spec, object? value) =>
        spec.Type == ColumnType.Fixed && value is decimal number
            ? Values.FixedPoint.ToMinorUnits(number, spec.Scale ?? 0)
            : ToDb(spec.Type, value);

    /// <summary>What a column of this spec hands back, as the engine's CLR value: minor units become the decimal they stand for.</summary>
    public object? FromDb(ColumnSpec spec, object? value) =>
        spec.Type == ColumnType.Fixed && value is not (null or DBNull)
            ? Values.FixedPoint.FromMinorUnits(Convert.ToInt64(value, CultureInfo.InvariantCulture), spec.Scale ?? 0)
            : FromDb(spec.Type, value);

    public virtual object? ToDb(ColumnType type, object? value) => value switch
    {
        null => DBNull.Value,
        DateOnly date when type == ColumnType.Date => date,
        DateTime instant => DateTime.SpecifyKind(instant, DateTimeKind.Utc),
        _ => value,
    };

    /// <summary>Normalises what a provider hands back to the engine's CLR types.</summary>
    public virtual object? FromDb(ColumnType type, object? value)
    {
        if (value is null or DBNull) return null;
        return type switch
        {
            ColumnType.Text or ColumnType.Json => value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture),
            ColumnType.Decimal => value is string s ? decimal.Parse(s, CultureInfo.InvariantCulture) : Convert.ToDecimal(value, CultureInfo.InvariantCulture),
            ColumnType.Integer or ColumnType.Fixed => Convert.ToInt64(value, CultureInfo.InvariantCulture),
            ColumnType.Boolean => value is bool b ? b : Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0,
            ColumnType.Bytes => (byte[])value,
            ColumnType.Date => value switch
            {
                DateOnly d => d,
                DateTime dt => DateOnly.FromDateTime(dt),
                string text => Values.IsoText.ParseDate(text),
                _ => throw new InvalidCastException($"A date column returned {value.GetType().Name}."),
            },
            ColumnType.DateTime => value switch
            {
                DateTime dt => DateTime.SpecifyKind(dt.Kind == DateTimeKind.Local ? dt.ToUniversalTime() : dt, DateTimeKind.Utc),
                DateTimeOffset dto => dto.UtcDateTime,
                // The engine writes instants in the round-trip form ("O"), which has a fast exact parse; anything else is parsed leniently.
                string text => DateTime.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var exact) && exact.Kind == DateTimeKind.Utc
                    ? exact
                    : DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                _ => throw new InvalidCastException($"A datetime column returned {value.GetType().Name}."),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
    }

    public static SqlDialect ForProvider(string provider) => provider.ToLowerInvariant() switch
    {
        "sqlite" => new SqliteDialect(),
        "postgres" or "postgresql" or "npgsql" => new PostgresDialect(),
        "sqlserver" or "mssql" => new SqlServerDialect(),
        _ => throw new ArgumentException($"Unknown database provider '{provider}'. Use sqlite, postgres or sqlserver."),
    };
}
