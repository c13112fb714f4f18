using System.Data.Common;

namespace Platform.Engine.Records;

/// <summary>
/// Reuses one command per statement text within a transaction, so a batch prepares each statement
/// once (SQLite keeps the prepared statement on the command). Parameters are <c>@p0..@pN</c>.
/// </summary>
internal sealed class CommandCache(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = [];

    public DbConnection Connection => connection;

    public DbTransaction Transaction => transaction;

    public async Task<object?> ScalarAsync(string sql, IReadOnlyList<object?> values, CancellationToken ct) =>
        await Bind(sql, values).ExecuteScalarAsync(ct);

    public Task<int> ExecuteAsync(string sql, IReadOnlyList<object?> values, CancellationToken ct) =>
        Bind(sql, values).ExecuteNonQueryAsync(ct);

    private DbCommand Bind(string sql, IReadOnlyList<object?> values)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            for (var i = 0; i < values.Count; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@p" + i;
                command.Parameters.Add(parameter);
            }
            _commands[sql] = command;
        }
        for (var i = 0; i < values.Count; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values) await command.DisposeAsync();
    }
}
