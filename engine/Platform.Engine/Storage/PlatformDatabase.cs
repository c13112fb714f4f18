using System.Data.Common;
using Dapper;
using Platform.Engine.Storage.Dialects;

namespace Platform.Engine.Storage;

/// <summary>The database the platform runs on: a dialect, where to reach it, and how its writes are committed.</summary>
public sealed class PlatformDatabase : IAsyncDisposable
{
    private readonly WriteGroups? _groups;
    private readonly Checkpoints _checkpoints;
    private readonly ReadConnections _reads;

    static PlatformDatabase() => Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;

    /// <param name="groupWrites">
    /// Whether writes share transactions through one writer (group commit). By default only where the
    /// database has a single writer (SQLite); servers with row locks run writers side by side.
    /// </param>
    public PlatformDatabase(SqlDialect dialect, string connectionString, bool? groupWrites = null)
    {
        Dialect = dialect;
        ConnectionString = connectionString;
        _checkpoints = new Checkpoints(this);
        _reads = new ReadConnections(this, keep: dialect.PreparesInProcess);
        Changes = dialect.ChangeFeed(this);
        if (groupWrites ?? dialect.SingleWriter)
        {
            _groups = new WriteGroups(this, _checkpoints);
            _checkpoints.WriterRestarts = true;
        }
    }

    public SqlDialect Dialect { get; }

    public string ConnectionString { get; }

    public bool GroupsWrites => _groups is not null;

    /// <summary>What this node and the others on the database change that caches must drop.</summary>
    public Changes.ChangeFeed Changes { get; }

    internal Checkpoints Checkpoints => _checkpoints;

    /// <summary>Raised after every commit of a write (of a group, where writes are grouped): the outbox may hold new events.</summary>
    public event Action? Committed;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> _localLocks = new(StringComparer.Ordinal);

    internal void AfterCommit()
    {
        _checkpoints.AfterCommit();
        Committed?.Invoke();
    }

    /// <summary>How the grouped commits went so far (all zeros when writes are not grouped).</summary>
    public WriteGroupStats WriteStats => _groups?.Stats ?? new WriteGroupStats(0, 0, 0);

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = Dialect.CreateConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await Dialect.PrepareConnectionAsync(connection, ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> while holding the lock <paramref name="name"/>: across every process on the database
    /// where the dialect has session locks, within this process where it has none (one process is its only user).
    /// </summary>
    public async Task<T> ExclusivelyAsync<T>(string name, Func<Task<T>> work, CancellationToken ct = default)
    {
        var local = _localLocks.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        await local.WaitAsync(ct);
        try
        {
            if (Dialect.SessionLock is not { } sessionLock) return await work();
            await using var holder = await OpenAsync(ct);
            await holder.ExecuteAsync(new CommandDefinition(sessionLock.Take, new { name }, cancellationToken: ct, commandTimeout: 0));
            try
            {
                return await work();
            }
            finally
            {
                await holder.ExecuteAsync(sessionLock.Give, new { name });
            }
        }
        finally
        {
            local.Release();
        }
    }

    /// <summary>A connection for reading with the statements it keeps prepared; dispose it to give it back.</summary>
    internal Task<ReadConnection> ReadAsync(CancellationToken ct = default) => _reads.TakeAsync(ct);

    /// <summary>
    /// Runs <paramref name="work"/> all or nothing: committed before this returns, rolled back (alone) when it throws.
    /// Where writes are grouped, it may share its transaction with other writes, each in its own savepoint.
    /// </summary>
    internal async Task<T> WriteAsync<T>(Func<UnitOfWork, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        if (_groups is not null) return await _groups.RunAsync(work, ct);
        await using var unit = await UnitOfWork.BeginAsync(this, ct);
        var result = await work(unit, ct);
        await unit.CommitAsync(ct);
        AfterCommit();
        return result;
    }

    /// <summary>
    /// Writes a consistent copy of the whole database to <paramref name="file"/> while others go on using it, where
    /// the database is a file of its own (SQLite); servers have their own tools. The copy appears under its name only
    /// once complete. Returns the pages copied.
    /// </summary>
    public async Task<long> BackupAsync(string file, CancellationToken ct = default)
    {
        if (File.Exists(file)) throw new IOException($"{file} exists already; choose a new file for the backup.");
        var partial = file + ".partial";
        File.Delete(partial);
        await using var connection = await OpenAsync(ct);
        var pages = await Dialect.BackupAsync(connection, partial, ct);
        File.Move(partial, file);
        return pages;
    }

    /// <summary>Runs <paramref name="work"/> in one transaction: committed when it returns, rolled back when it throws.</summary>
    public Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct = default) =>
        WriteAsync(async (unit, _) =>
        {
            var result = await work(unit.Connection, unit.Transaction);
            await unit.Commands.FlushAsync(CancellationToken.None);
            return result;
        }, ct);

    /// <summary>Closes the connections kept open for reading.</summary>
    public async ValueTask DisposeAsync()
    {
        await Changes.DisposeAsync();
        await _reads.DisposeAsync();
    }
}
