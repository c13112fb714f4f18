using Dapper;

namespace Platform.Engine.Storage;

/// <summary>
/// The platform's own tables (prefix <c>pf_</c>). Form tables are named <c>f_{id}</c> by the
/// engine, so the two never collide. Created once, in one transaction, on an empty database.
/// </summary>
public static class SystemSchema
{
    private static readonly ColumnSpec Text = new(ColumnType.Text, 4000);

    private static readonly TableSpec[] Tables =
    [
        new("pf_apps", [new("app_key", ColumnSpec.Key, false), new("name", ColumnSpec.Json), new("description", Text),
            new("created_at", ColumnSpec.Instant, false), new("updated_at", ColumnSpec.Instant, false), new("deleted_at", ColumnSpec.Instant)], IdentityKey: true),
        new("pf_forms", [new("app_id", ColumnSpec.Id, false), new("form_key", ColumnSpec.Key, false), new("version", ColumnSpec.Id, false),
            new("storage", ColumnSpec.Json, false), new("created_at", ColumnSpec.Instant, false), new("updated_at", ColumnSpec.Instant, false)], IdentityKey: true),
        new("pf_form_versions", [new("form_id", ColumnSpec.Id, false), new("version", ColumnSpec.Id, false), new("definition", ColumnSpec.Json, false),
            new("published_at", ColumnSpec.Instant, false), new("published_by", ColumnSpec.Id)], IdentityKey: false, ["form_id", "version"]),
        new("pf_users", [new("email", ColumnSpec.Key, false), new("name", ColumnSpec.Key), new("password_hash", ColumnSpec.Key, false),
            new("is_admin", new ColumnSpec(ColumnType.Boolean), false), new("created_at", ColumnSpec.Instant, false)], IdentityKey: true),
        new("pf_tokens", [new("token_hash", ColumnSpec.Key, false), new("user_id", ColumnSpec.Id, false), new("expires_at", ColumnSpec.Instant, false)],
            IdentityKey: false, ["token_hash"]),
        new("pf_history", [new("form_id", ColumnSpec.Id, false), new("record_id", ColumnSpec.Id, false), new("record_version", ColumnSpec.Id, false),
            new("kind", ColumnSpec.Key, false), new("changes", ColumnSpec.Json), new("user_id", ColumnSpec.Id), new("at", ColumnSpec.Instant, false)], IdentityKey: true),
        new("pf_outbox", [new("form_id", ColumnSpec.Id, false), new("record_id", ColumnSpec.Id, false), new("kind", ColumnSpec.Key, false),
            new("payload", ColumnSpec.Json, false), new("user_id", ColumnSpec.Id), new("at", ColumnSpec.Instant, false)], IdentityKey: true),
        new("pf_sequences", [new("form_id", ColumnSpec.Id, false), new("field_key", ColumnSpec.Key, false), new("period", ColumnSpec.Key, false),
            new("value", ColumnSpec.Id, false)], IdentityKey: false, ["form_id", "field_key", "period"]),
    ];

    private static readonly IndexSpec[] Indexes =
    [
        new("ux_pf_apps_key", "pf_apps", ["app_key"], Unique: true),
        new("ux_pf_forms_key", "pf_forms", ["app_id", "form_key"], Unique: true),
        new("ux_pf_users_email", "pf_users", ["email"], Unique: true),
        new("ix_pf_history_record", "pf_history", ["form_id", "record_id"]),
    ];

    public static async Task EnsureCreatedAsync(PlatformDatabase database, CancellationToken ct = default)
    {
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            var existing = (await connection.QueryAsync<string>(database.Dialect.ListTables, transaction: transaction))
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var table in Tables.Where(t => !existing.Contains(t.Name)))
            {
                await connection.ExecuteAsync(database.Dialect.CreateTable(table), transaction: transaction);
                foreach (var index in Indexes.Where(i => i.Table == table.Name))
                    await connection.ExecuteAsync(database.Dialect.CreateIndex(index), transaction: transaction);
            }
            return 0;
        }, ct);
    }
}
