using System.Data.Common;
using Platform.Engine.Storage.Dialects;

namespace Platform.Engine.Storage;

/// <summary>The database the platform runs on: a dialect and where to reach it.</summary>
public sealed class PlatformDatabase(SqlDialect dialect, string connectionString)
{
    static PlatformDatabase() => Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;

    public SqlDialect Dialect { get; } = dialect;

    public string ConnectionString { get; } = connectionString;

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

    /// <summary>Runs <paramref name="work"/> in one transaction: committed when it returns, rolled back when it throws.</summary>
    public async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(ct);
        return result;
    }
}
