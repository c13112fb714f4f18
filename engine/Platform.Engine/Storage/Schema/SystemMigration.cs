using Platform.Engine.Storage.Dialects;

namespace Platform.Engine.Storage.Schema;

/// <summary>
/// One numbered change to the platform's own tables. Its statements come from the dialect, so one
/// migration serves every database; it runs in one transaction with the row that records it.
/// </summary>
public sealed record SystemMigration(int Version, string Name, Func<SqlDialect, IEnumerable<string>> Statements);
