using System.Data.Common;
using Dapper;

namespace Platform.Engine.Users;

/// <summary>
/// The directory's version (<c>pf_directory</c>): every change to roles, role members and permissions raises it in its own
/// transaction, and every request reads it, so rights worked out before a change are not used after it, whichever
/// process (the server, the CLI, another node) made the change.
/// </summary>
internal static class DirectoryChanges
{
    public const string Read = "SELECT version FROM pf_directory WHERE id = 1";

    public static Task RaiseAsync(DbConnection connection, DbTransaction transaction) =>
        connection.ExecuteAsync("UPDATE pf_directory SET version = version + 1 WHERE id = 1", transaction: transaction);
}
