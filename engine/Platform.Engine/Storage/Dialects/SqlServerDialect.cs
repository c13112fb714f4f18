using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.SqlClient;

namespace Platform.Engine.Storage.Dialects;

/// <summary>
/// SQL Server. No server runs on the build machines: this dialect is covered by SQL-shape unit
/// tests and by the shared storage fixture when PLATFORM_TEST_SQLSERVER names a server.
/// </summary>
public sealed partial class SqlServerDialect : SqlDialect
{
    public override string Name => "sqlserver";

    public override int MaxParameters => 2_000;

    public override DbConnection CreateConnection(string connectionString) => new SqlConnection(connectionString);

    public override string SecondsBetween(string from, string to) => $"DATEDIFF_BIG(second, {from}, {to})";

    public override string Quote(string identifier) => $"[{identifier}]";

    public override string TypeOf(ColumnSpec spec) => spec.Type switch
    {
        // An index key holds at most 1,700 bytes: longer texts cannot be unique or indexed.
        ColumnType.Text => spec.MaxLength is > 0 and <= 4000 ? $"nvarchar({spec.MaxLength})" : "nvarchar(max)",
        ColumnType.Json => "nvarchar(max)",
        ColumnType.Decimal => "decimal(28, 8)",
        ColumnType.Fixed => "bigint",
        ColumnType.Integer => "bigint",
        ColumnType.Boolean => "bit",
        ColumnType.Date => "date",
        ColumnType.DateTime => "datetime2(7)",
        ColumnType.Bytes => "varbinary(max)",
        _ => throw new ArgumentOutOfRangeException(nameof(spec)),
    };

    protected override string IdentityColumn(string name) => $"{Quote(name)} bigint IDENTITY(1,1) PRIMARY KEY";

    public override string? AlterColumnType(string table, string column, ColumnSpec spec) =>
        $"ALTER TABLE {Quote(table)} ALTER COLUMN {Quote(column)} {TypeOf(spec)}";

    // SQL Server lets a unique index hold one NULL only; records leave fields empty freely.
    public override string CreateIndex(IndexSpec index) =>
        index.Unique && index.Columns.Count == 1
            ? base.CreateIndex(index) + $" {(index.LiveOnly ? "AND" : "WHERE")} {Quote(index.Columns[0])} IS NOT NULL"
            : base.CreateIndex(index);

    public override string Savepoint(string name) => $"SAVE TRANSACTION {name}";

    public override string? ReleaseSavepoint(string name) => null;

    public override string RollbackToSavepoint(string name) => $"ROLLBACK TRANSACTION {name}";

    public override string DropIndex(string table, string index) => $"DROP INDEX {Quote(index)} ON {Quote(table)}";

    public override string ListTables => "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = SCHEMA_NAME()";

    public override string InsertReturningId(string table, IReadOnlyList<string> columns) =>
        $"INSERT INTO {Quote(table)} ({string.Join(", ", columns.Select(Quote))}) OUTPUT INSERTED.[id] VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i))})";

    public override string ClaimRows(string table, string columns, string where, string orderBy, int limit, string? index = null) =>
        $"SELECT TOP ({limit}) {columns} FROM {Quote(table)} WITH (UPDLOCK, READPAST, ROWLOCK) WHERE {where} ORDER BY {orderBy}";

    public override string Page(string sql, string limitParameter, string? offsetParameter) =>
        $"{sql} OFFSET {offsetParameter ?? "0"} ROWS FETCH NEXT {limitParameter} ROWS ONLY";

    // '[' opens a character class in SQL Server's LIKE.
    public override string EscapeLike(string value) => base.EscapeLike(value).Replace("[", "\\[");

    // STRING_AGG over no rows is NULL, and so is the whole expression.
    public override string LinkValues(string linkTable, bool text)
    {
        var item = text ? "N'\"' + STRING_ESCAPE([value], 'json') + N'\"'" : "[value]";
        return $"(SELECT N'[' + STRING_AGG(CAST({item} AS nvarchar(max)), N',') WITHIN GROUP (ORDER BY [ord]) + N']' FROM {Quote(linkTable)} WHERE [record_id] = t.[id])";
    }

    public override string InIds(string expression, string parameter) => $"{expression} IN (SELECT CAST([value] AS bigint) FROM OPENJSON({parameter}))";

    public override string NextSequenceValue =>
        "UPDATE pf_sequences WITH (UPDLOCK, HOLDLOCK) SET value = value + 1 OUTPUT INSERTED.value " +
        "WHERE form_id = @form AND field_key = @field AND period = @period; " +
        "IF @@ROWCOUNT = 0 INSERT INTO pf_sequences (form_id, field_key, period, value) OUTPUT INSERTED.value VALUES (@form, @field, @period, 1);";

    public override Changes.ChangeFeed ChangeFeed(PlatformDatabase database) => new TableChangeFeed(database);

    public override (string Take, string Give)? SessionLock => (
        "EXEC sp_getapplock @Resource = @name, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = -1",
        "EXEC sp_releaseapplock @Resource = @name, @LockOwner = 'Session'");

    public override bool IsUniqueViolation(Exception exception) =>
        exception is SqlException { Number: 2601 or 2627 };

    public override string? UniqueViolationColumn(Exception exception)
    {
        if (exception is not SqlException { Number: 2601 or 2627 } sql) return null;
        var match = IndexInMessage().Match(sql.Message);
        return match.Success ? PostgresDialect.ColumnOfIndex(match.Groups[1].Value) : null;
    }

    public override object? ToDb(ColumnType type, object? value) => value switch
    {
        DateOnly date => date.ToDateTime(TimeOnly.MinValue),
        _ => base.ToDb(type, value),
    };

    [GeneratedRegex("unique index '([^']+)'")]
    private static partial Regex IndexInMessage();
}
