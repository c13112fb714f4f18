using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Platform.Engine.Storage.Dialects;

/// <summary>
/// The embedded default. Dates and instants are stored as fixed-width ISO text so that text
/// order is time order; decimals are NUMERIC (SQLite keeps them as 64-bit floats).
/// </summary>
public sealed class SqliteDialect : SqlDialect
{
    private const int ConfigMemStatus = 9; // SQLITE_CONFIG_MEMSTATUS

    // SQLite by default keeps allocation statistics under one mutex for the whole process, so concurrent readers queue on
    // it for every allocation. Nothing reads those statistics; they are turned off before SQLite starts (the call is
    // refused, harmlessly, if a connection has already started it).
    static SqliteDialect()
    {
        SQLitePCL.Batteries_V2.Init();
        SQLitePCL.raw.sqlite3_config(ConfigMemStatus, 0);
    }

    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public override string Name => "sqlite";

    public override int MaxParameters => 32_000;

    public override bool SingleWriter => true;

    public override bool PreparesInProcess => true;

    public override DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    // Pooled connections keep their SQLite handle, and the handle keeps its settings: each is set up once,
    // not on every open (a request opens two or three).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Prepared = new();

    public override async Task PrepareConnectionAsync(DbConnection connection, CancellationToken ct)
    {
        var handle = ((SqliteConnection)connection).Handle;
        if (handle is null || Prepared.TryGetValue(handle, out _)) return;
        await using var command = connection.CreateCommand();
        // WAL lets readers run beside the one writer; NORMAL sync is safe in WAL mode (a commit survives the
        // process dying; only a power cut can lose the last commits) and much faster. The platform's writes are
        // grouped by one writer (WriteGroups), so the busy timeout is a last resort for another process (a CLI
        // verb, a backup): SQLite's own handler then waits in short steps rather than the driver's 150 ms sleeps.
        // Each connection has its own page cache, kept moderate (16 MB, allocated only as used); the operating system's
        // file cache holds the rest. No memory map: SQLite maps the file once per connection, and the process's
        // resident memory then counts the same pages once per connection (1.3 GB "used" at 1M records and 20 clients).
        // Checkpoints (copying the WAL into the database) run in the background (Checkpoints), so no commit waits for one;
        // when the log starts over, its file is cut back to 64 MB (journal_size_limit) so a burst does not keep its disk space.
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000; " +
                              "PRAGMA cache_size=-16384; PRAGMA mmap_size=0; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=0; " +
                              "PRAGMA journal_size_limit=67108864;";
        await command.ExecuteNonQueryAsync(ct);
        Prepared.AddOrUpdate(handle, handle);
    }

    /// <summary>Copies what the WAL holds into the database where no reader still needs it, without blocking the writer.</summary>
    public override string? Checkpoint => "PRAGMA wal_checkpoint(PASSIVE)";

    // A passive checkpoint copies the log but never starts it over: that needs a moment with no reader in the log, and
    // the one writer starts its next group before it has one. Under steady writes the log grew without end
    // (4.5 GB while loading 500,000 records), so a large log is started over by a checkpoint that waits for that moment.
    public override string? RestartCheckpoint => "PRAGMA wal_checkpoint(RESTART)";

    protected override bool PartialIndexNeedsItsColumn => true;

    // FTS5 keeps the bigrams with their positions, so a word's pairs in a row are a phrase it answers from the index alone.
    // Contentless: the text lives in the form's table, the index only points at rows. "sep" (three letters) can never
    // be a query's bigram and keeps one value's pairs from running into the next value's.
    public override bool HasSearchIndex => true;

    // Automerge off: FTS5 adds a segment a commit and by default has every later commit do a share of merging them,
    // which after a bulk load put its big merges inside single creates (p99 80–90 ms at 1M records; 21–26 ms
    // without). Segments still merge when 16 pile up on one level (FTS5's crisis merge), so their number stays bounded.
    public override IReadOnlyList<string> CreateSearchIndex(string table) =>
    [
        $"CREATE VIRTUAL TABLE {Quote(SearchTable(table))} USING fts5(doc, content='', contentless_delete=1, tokenize='ascii')",
        $"INSERT INTO {Quote(SearchTable(table))} ({Quote(SearchTable(table))}, rank) VALUES ('automerge', 0)",
    ];

    public override string WriteSearchDocument(string table, bool @new) =>
        $"INSERT{(@new ? "" : " OR REPLACE")} INTO {Quote(SearchTable(table))} (rowid, doc) VALUES (@p0, @p1)";

    public override object SearchDocument(IReadOnlyList<string> values)
    {
        var document = new System.Text.StringBuilder(values.Sum(v => v.Length) * 3 + values.Count * 5);
        foreach (var value in values)
        {
            if (document.Length > 0) document.Append(" sep ");
            var first = true;
            foreach (var (start, length) in Bigrams.Ranges(value))
            {
                if (!first) document.Append(' ');
                document.Append(value, start, length);
                first = false;
            }
        }
        return document.ToString();
    }

    public override string SearchCondition(string table, string parameter) =>
        $"t.id IN (SELECT rowid FROM {Quote(SearchTable(table))} WHERE {Quote(SearchTable(table))} MATCH {parameter})";

    // FTS5 hands its matches over in rowid order and seeks a rowid bound itself; the join is CROSS so the index leads.
    public override bool WalksSearch => true;

    public override SearchWalk WalkSearch(string table, string parameter) =>
        new($"{Quote(SearchTable(table))} q CROSS JOIN {Quote(table)} t", $"q.{Quote(SearchTable(table))} MATCH {parameter} AND t.id = q.rowid", "q.rowid");

    public override object SearchQuery(IReadOnlyList<IReadOnlyList<string>> words) =>
        string.Join(" AND ", words.Select(w => "\"" + string.Join(' ', w) + "\""));

    // SQLite's online backup: a snapshot as of one instant, while the server goes on reading and writing (WAL).
    // The copy leaves WAL mode, so it is one self-contained file; the runtime turns WAL on again when it opens it.
    public override async Task<long> BackupAsync(DbConnection connection, string file, CancellationToken ct)
    {
        await using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        await target.OpenAsync(ct);
        ((SqliteConnection)connection).BackupDatabase(target);
        await using var command = target.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=DELETE; PRAGMA page_count;";
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return reader.GetInt64(0);
    }

    public override string Explain(string sql) => "EXPLAIN QUERY PLAN " + sql;

    // SQLite keeps the statistics ANALYZE gathered until the next ANALYZE: a partial index counted when it held every row
    // (the change events of a bulk load, before they were dispatched) still looked that large once it held a few, and the
    // dispatcher's look and claim walked the whole table in id order instead (60 ms a claim at a million events).
    public override string IndexHint(string index) => $" INDEXED BY {Quote(index)}";

    // Instants are text in the round-trip form, which julianday reads (its fraction to the millisecond).
    public override string SecondsBetween(string from, string to) => $"((julianday({to}) - julianday({from})) * 86400.0)";

    public override string Quote(string identifier) => $"\"{identifier}\"";

    public override string TypeOf(ColumnSpec spec) => spec.Type switch
    {
        ColumnType.Text or ColumnType.Json or ColumnType.Date or ColumnType.DateTime => "TEXT",
        ColumnType.Decimal => "NUMERIC",
        ColumnType.Integer or ColumnType.Boolean or ColumnType.Fixed => "INTEGER",
        ColumnType.Bytes => "BLOB",
        _ => throw new ArgumentOutOfRangeException(nameof(spec)),
    };

    // AUTOINCREMENT: ids are never reused, so history and events never point at a different record.
    protected override string IdentityColumn(string name) => $"{Quote(name)} INTEGER PRIMARY KEY AUTOINCREMENT";

    public override string ListTables => "SELECT name FROM sqlite_master WHERE type = 'table'";

    public override string LinkValues(string linkTable, bool text) =>
        $"(SELECT json_group_array(value ORDER BY ord) FROM {Quote(linkTable)} WHERE record_id = t.id)";

    public override string InIds(string expression, string parameter) => $"{expression} IN (SELECT value FROM json_each({parameter}))";

    public override bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };

    public override string? UniqueViolationColumn(Exception exception)
    {
        // "UNIQUE constraint failed: f_1.c_2"
        if (exception is not SqliteException { SqliteErrorCode: 19 } sqlite) return null;
        const string marker = "UNIQUE constraint failed: ";
        var at = sqlite.Message.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0) return null;
        var first = sqlite.Message[(at + marker.Length)..].Split(',', '\'')[0].Trim();
        return first[(first.LastIndexOf('.') + 1)..];
    }

    internal override IDirectStatements? DirectStatements(DbConnection connection) => new SqliteStatements((SqliteConnection)connection);

    public override object? ToDb(ColumnType type, object? value) => value switch
    {
        DateOnly date => Values.IsoText.Date(date),
        DateTime instant => DateTime.SpecifyKind(instant, DateTimeKind.Utc).ToString(InstantFormat, CultureInfo.InvariantCulture),
        decimal number => (double)number,
        bool flag => flag ? 1L : 0L,
        _ => base.ToDb(type, value),
    };

    public override object? FromDb(ColumnType type, object? value) =>
        type == ColumnType.Decimal && value is double d ? (decimal)d : base.FromDb(type, value);
}
