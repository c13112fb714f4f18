namespace Platform.Engine.Storage.Schema;

/// <summary>
/// Every change to the platform's own tables (prefix <c>pf_</c>), oldest first. Append only: a
/// released migration is never edited, since databases out there have run it.
/// </summary>
public static class SystemMigrations
{
    private static readonly ColumnSpec Text = new(ColumnType.Text, 4000);

    /// <summary>The tables of the first release, which created them without recording a version.</summary>
    internal static readonly TableSpec[] FirstTables =
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

    private static readonly IndexSpec[] FirstIndexes =
    [
        new("ux_pf_apps_key", "pf_apps", ["app_key"], Unique: true),
        new("ux_pf_forms_key", "pf_forms", ["app_id", "form_key"], Unique: true),
        new("ux_pf_users_email", "pf_users", ["email"], Unique: true),
        new("ix_pf_history_record", "pf_history", ["form_id", "record_id"]),
    ];

    public static readonly IReadOnlyList<SystemMigration> All =
    [
        new(1, "first release: apps, forms, users, tokens, history, outbox, sequences", dialect =>
            FirstTables.Select(dialect.CreateTable).Concat(FirstIndexes.Select(dialect.CreateIndex))),
        // Who acted: a person, a workflow run, an import job, a recompute or the system. user_id stays
        // the person on whose behalf it happened, so existing readers keep their meaning.
        new(2, "history and outbox say which kind of actor made each change; history keeps a write's warnings", dialect =>
        [
            dialect.AddColumn("pf_history", new("warnings", ColumnSpec.Json)),
            dialect.AddColumn("pf_history", new("actor_kind", ColumnSpec.Key)),
            dialect.AddColumn("pf_history", new("actor_ref", ColumnSpec.Key)),
            dialect.AddColumn("pf_outbox", new("actor_kind", ColumnSpec.Key)),
            dialect.AddColumn("pf_outbox", new("actor_ref", ColumnSpec.Key)),
        ]),
    ];

    public static int Latest => All[^1].Version;
}
