using System.Data;

namespace Platform.Engine.Storage;

/// <summary>
/// Connections for reading, each with the statements it has prepared. Where statements are prepared in the process
/// (SQLite), preparing one costs more than running it: a get by id spent half its time compiling its SELECT and
/// throwing it away. So there, connections are kept open between reads with their statements; the driver's own pool
/// cannot keep them, since closing a connection finalizes every statement made on it. Elsewhere a read takes a
/// pooled connection and keeps its statements for that read only (the server caches plans itself).
/// </summary>
internal sealed class ReadConnections(PlatformDatabase database, bool keep, int maxKept = 32, int maxStatements = 200) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Stack<CommandCache> _idle = [];
    private bool _disposed;

    public async Task<ReadConnection> TakeAsync(CancellationToken ct)
    {
        if (keep)
        {
            lock (_gate)
            {
                if (_idle.TryPop(out var kept)) return new ReadConnection(kept, this);
            }
        }
        var connection = await database.OpenAsync(ct);
        return new ReadConnection(new CommandCache(connection, null, database.Dialect), this);
    }

    /// <summary>Keeps a connection for the next read, unless enough are kept or it holds too many statements.</summary>
    public async ValueTask ReturnAsync(CommandCache commands)
    {
        if (keep && commands.Connection.State == ConnectionState.Open && commands.Count <= maxStatements)
        {
            lock (_gate)
            {
                if (!_disposed && _idle.Count < maxKept)
                {
                    _idle.Push(commands);
                    return;
                }
            }
        }
        await CloseAsync(commands);
    }

    public async ValueTask DisposeAsync()
    {
        List<CommandCache> idle;
        lock (_gate)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }
        foreach (var commands in idle) await CloseAsync(commands);
    }

    private static async ValueTask CloseAsync(CommandCache commands)
    {
        await commands.DisposeAsync();
        await commands.Connection.DisposeAsync();
    }
}

/// <summary>A connection lent for reading and its prepared statements; disposing it gives it back.</summary>
internal sealed class ReadConnection(CommandCache commands, ReadConnections owner) : IAsyncDisposable
{
    public CommandCache Commands => commands;

    public System.Data.Common.DbConnection Connection => commands.Connection;

    public ValueTask DisposeAsync() => owner.ReturnAsync(commands);
}
