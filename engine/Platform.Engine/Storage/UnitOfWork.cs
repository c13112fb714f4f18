using System.Data.Common;

namespace Platform.Engine.Storage;

/// <summary>One connection, one transaction and its command cache: everything a write does commits or rolls back together.</summary>
internal sealed class UnitOfWork : IAsyncDisposable
{
    private UnitOfWork(DbConnection connection, DbTransaction transaction, Dialects.SqlDialect dialect)
    {
        Connection = connection;
        Transaction = transaction;
        Commands = new CommandCache(connection, transaction, dialect);
    }

    public DbConnection Connection { get; }

    public DbTransaction Transaction { get; }

    public CommandCache Commands { get; }

    public static async Task<UnitOfWork> BeginAsync(PlatformDatabase database, CancellationToken ct)
    {
        var connection = await database.OpenAsync(ct);
        try
        {
            return new UnitOfWork(connection, await connection.BeginTransactionAsync(ct), database.Dialect);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends what is queued, then commits.</summary>
    public Task CommitAsync(CancellationToken ct) => Commands.CommitAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await Commands.DisposeAsync();
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
