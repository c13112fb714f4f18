using System.Data.Common;

namespace Platform.Engine.Storage;

/// <summary>
/// Reuses one command per statement text on a connection (within a transaction, or between reads), so each
/// statement is prepared once (SQLite keeps the prepared statement on the command). Statements whose result nobody
/// reads (history, outbox, link rows) are queued and sent together where the provider batches (PostgreSQL,
/// SQL Server), saving a round trip each; SQLite, in-process, runs them when flushed, single-row INSERTs of one text as
/// INSERTs of many rows (<see cref="QueuedRows"/>). Parameters are <c>@p0..@pN</c>,
/// or the names a <see cref="SqlArgs"/> gave them. Where the dialect has a cheaper way round the driver (SQLite's own
/// statements), writes, scalar reads and readers take it.
/// </summary>
internal sealed class CommandCache(DbConnection connection, DbTransaction? transaction, Dialects.SqlDialect dialect) : IAsyncDisposable
{
    private const int MaxQueued = 500;
    private const int MaxQueuedRows = 2_000;
    private readonly Dictionary<string, DbCommand> _commands = [];
    private readonly QueuedRows? _rows = connection.CanCreateBatch ? null : new();
    private readonly IDirectStatements? _direct = dialect.DirectStatements(connection);
    private DbBatch? _queue;

    public DbConnection Connection => connection;

    public DbTransaction? Transaction => transaction;

    /// <summary>How many statements are kept prepared.</summary>
    public int Count => _commands.Count + (_direct?.Count ?? 0);

    /// <summary>Runs a query with <paramref name="args"/>; the reader must be disposed before this statement runs again.</summary>
    public Task<DbDataReader> ReaderAsync(string sql, SqlArgs args, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (_direct is not null && _direct.TryReader(sql, args, out var reader)) return Task.FromResult(reader!);
        var command = Command(sql, 0);
        args.ApplyTo(command);
        return command.ExecuteReaderAsync(ct);
    }

    public Task<object?> ScalarAsync(string sql, IReadOnlyList<object?> values, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return _direct is not null && _direct.TryScalar(sql, values, out var result) ? Task.FromResult(result) : Bind(sql, values).ExecuteScalarAsync(ct);
    }

    /// <summary>
    /// Inserts a row and gives its id: <paramref name="insert"/> (without RETURNING) where the database's own API gives the id
    /// of the row just written, <paramref name="returningId"/> (the same INSERT returning the id) otherwise.
    /// </summary>
    public async Task<long> InsertAsync(string insert, string returningId, IReadOnlyList<object?> values, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (_direct is not null && _direct.TryInsert(insert, values, out var id)) return id;
        return Convert.ToInt64(await Bind(returningId, values).ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The ids (first column) a query returns.</summary>
    public async Task<HashSet<long>> IdsAsync(string sql, IReadOnlyList<object?> values, CancellationToken ct)
    {
        var ids = new HashSet<long>();
        await using var reader = await Bind(sql, values).ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        return ids;
    }

    public Task<int> ExecuteAsync(string sql, IReadOnlyList<object?> values, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return _direct is not null && _direct.TryExecute(sql, values, out var changes) ? Task.FromResult(changes) : Bind(sql, values).ExecuteNonQueryAsync(ct);
    }

    /// <summary>Runs a statement whose outcome nobody reads, possibly later but always before <see cref="CommitAsync"/>.</summary>
    public async Task QueueAsync(string sql, IReadOnlyList<object?> values, CancellationToken ct)
    {
        if (_rows is not null)
        {
            ct.ThrowIfCancellationRequested();
            _rows.Add(sql, values);
            if (_rows.Count >= MaxQueuedRows) await FlushAsync(ct);
            return;
        }
        _queue ??= connection.CreateBatch();
        _queue.Transaction = transaction;
        var command = _queue.CreateBatchCommand();
        command.CommandText = sql;
        for (var i = 0; i < values.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            parameter.Value = values[i] ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        _queue.BatchCommands.Add(command);
        if (_queue.BatchCommands.Count >= MaxQueued) await FlushAsync(ct);
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        if (_rows is { Count: > 0 }) await _rows.FlushAsync((sql, values) => ExecuteAsync(sql, values, ct));
        if (_queue is not { BatchCommands.Count: > 0 }) return;
        await _queue.ExecuteNonQueryAsync(ct);
        await _queue.DisposeAsync();
        _queue = null;
    }

    /// <summary>Forgets what is queued and not yet sent: the write that queued it failed and was rolled back.</summary>
    public void DiscardQueued()
    {
        _rows?.Clear();
        _queue?.Dispose();
        _queue = null;
    }

    /// <summary>Sends what is queued, then commits.</summary>
    public async Task CommitAsync(CancellationToken ct)
    {
        await FlushAsync(ct);
        await (transaction ?? throw new InvalidOperationException("These commands read outside a transaction; there is nothing to commit.")).CommitAsync(ct);
    }

    private DbCommand Bind(string sql, IReadOnlyList<object?> values)
    {
        var command = Command(sql, values.Count);
        for (var i = 0; i < values.Count; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        return command;
    }

    /// <summary>The command kept for <paramref name="sql"/>, made with parameters <c>@p0..</c> the first time.</summary>
    private DbCommand Command(string sql, int parameters)
    {
        if (_commands.TryGetValue(sql, out var command)) return command;
        command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < parameters; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            command.Parameters.Add(parameter);
        }
        _commands[sql] = command;
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values) await command.DisposeAsync();
        _direct?.Dispose();
        if (_queue is not null) await _queue.DisposeAsync();
    }
}
