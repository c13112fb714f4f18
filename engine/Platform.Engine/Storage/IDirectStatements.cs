namespace Platform.Engine.Storage;

/// <summary>
/// A database's own statement API beside its ADO.NET driver, where going round the driver is much cheaper (SQLite, in
/// the process). Any call may decline (false), and the command cache then runs the statement through the driver.
/// </summary>
internal interface IDirectStatements : IDisposable
{
    /// <summary>How many statements are kept prepared.</summary>
    int Count { get; }

    bool TryExecute(string sql, IReadOnlyList<object?> values, out int changes);

    /// <summary>Runs an INSERT of one row (no RETURNING) and gives the id the database gave it.</summary>
    bool TryInsert(string sql, IReadOnlyList<object?> values, out long id);

    bool TryScalar(string sql, IReadOnlyList<object?> values, out object? result);

    /// <summary>A reader over a query's rows; the statement is the reader's until it is disposed.</summary>
    bool TryReader(string sql, SqlArgs args, out System.Data.Common.DbDataReader? reader);
}
