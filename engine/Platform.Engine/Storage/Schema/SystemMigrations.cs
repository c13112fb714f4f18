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

    private static readonly ColumnDef[] OrganisationColumns =
    [
        new("phone", ColumnSpec.Key), new("locale", ColumnSpec.Key), new("time_zone", ColumnSpec.Key), new("disabled_at", ColumnSpec.Instant),
    ];

    private static readonly TableSpec[] OrganisationTables =
    [
        new("pf_departments", [new("name", ColumnSpec.Key, false), new("parent_id", ColumnSpec.Id), new("sort_order", ColumnSpec.Id, false),
            new("created_at", ColumnSpec.Instant, false)], IdentityKey: true),
        new("pf_department_tree", [new("ancestor_id", ColumnSpec.Id, false), new("descendant_id", ColumnSpec.Id, false), new("depth", ColumnSpec.Id, false)],
            IdentityKey: false, ["ancestor_id", "descendant_id"]),
        new("pf_department_members", [new("department_id", ColumnSpec.Id, false), new("user_id", ColumnSpec.Id, false),
            new("is_primary", new ColumnSpec(ColumnType.Boolean), false), new("is_manager", new ColumnSpec(ColumnType.Boolean), false)],
            IdentityKey: false, ["department_id", "user_id"]),
        new("pf_roles", [new("app_id", ColumnSpec.Id, false), new("role_key", ColumnSpec.Key, false), new("name", ColumnSpec.Json, false),
            new("created_at", ColumnSpec.Instant, false)], IdentityKey: true),
        new("pf_role_members", [new("role_id", ColumnSpec.Id, false), new("user_id", ColumnSpec.Id, false)], IdentityKey: false, ["role_id", "user_id"]),
    ];

    private static readonly IndexSpec[] OrganisationIndexes =
    [
        new("ix_pf_departments_parent", "pf_departments", ["parent_id", "sort_order"]),
        new("ix_pf_department_tree_descendant", "pf_department_tree", ["descendant_id", "ancestor_id"]),
        new("ix_pf_department_members_user", "pf_department_members", ["user_id", "department_id"]),
        new("ux_pf_roles_key", "pf_roles", ["app_id", "role_key"], Unique: true),
        new("ix_pf_role_members_user", "pf_role_members", ["user_id", "role_id"]),
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
        // The organisation: people's profiles, departments as a tree (with every ancestor of every department listed,
        // so "my department and below" is one indexed lookup, never a walk of the tree), members and managers, and
        // roles per app. A user is disabled by a time, not deleted, so what they did keeps their name.
        new(3, "organisation: user profiles, departments, department members and managers, roles per app", dialect =>
            OrganisationColumns.Select(c => dialect.AddColumn("pf_users", c))
                .Concat(OrganisationTables.Select(dialect.CreateTable))
                .Concat(OrganisationIndexes.Select(dialect.CreateIndex))),
        // What each role may do on each form: actions, row scopes for reading and writing, field rights (JSON).
        new(4, "permissions per role and form", dialect =>
        [
            dialect.CreateTable(new TableSpec("pf_permissions", [new("role_id", ColumnSpec.Id, false), new("form_key", ColumnSpec.Key, false),
                new("definition", ColumnSpec.Json, false), new("updated_at", ColumnSpec.Instant, false)], IdentityKey: false, ["role_id", "form_key"])),
        ]),
        // One number every change to roles, role members and permissions raises, in the change's own transaction: every
        // request reads it, so rights worked out before a change are never used after it, whichever process made it.
        new(5, "the directory's version, read on every request", dialect =>
        [
            dialect.CreateTable(new TableSpec("pf_directory", [new("id", ColumnSpec.Id, false), new("version", ColumnSpec.Id, false)], IdentityKey: false, ["id"])),
            "INSERT INTO pf_directory (id, version) VALUES (1, 0)",
        ]),
        // Who did what that matters for security, when and from where; written once, never changed through the API.
        new(6, "audit log", dialect =>
        [
            dialect.CreateTable(new TableSpec("pf_audit", [new("at", ColumnSpec.Instant, false), new("user_id", ColumnSpec.Id), new("action", ColumnSpec.Key, false),
                new("target", ColumnSpec.Key), new("detail", ColumnSpec.Json), new("address", ColumnSpec.Key)], IdentityKey: true)),
            dialect.CreateIndex(new IndexSpec("ix_pf_audit_at", "pf_audit", ["at"])),
            dialect.CreateIndex(new IndexSpec("ix_pf_audit_user", "pf_audit", ["user_id", "at"])),
        ]),
        // Failed sign-ins in a row (an account locks after five), until when it is locked, and whether its password
        // was reset by an admin and must be changed before anything else.
        new(7, "sign-in lockout and passwords that must be changed", dialect =>
        [
            dialect.AddColumn("pf_users", new("failed_sign_ins", ColumnSpec.Id)),
            dialect.AddColumn("pf_users", new("locked_until", ColumnSpec.Instant)),
            dialect.AddColumn("pf_users", new("must_change_password", new ColumnSpec(ColumnType.Boolean))),
        ]),
        // Personal API tokens: named, limited to some apps and to reading if the user says so; a sign-in's token has no name.
        new(8, "personal API tokens", dialect =>
        [
            dialect.AddColumn("pf_tokens", new("name", ColumnSpec.Key)),
            dialect.AddColumn("pf_tokens", new("apps", ColumnSpec.Json)),
            dialect.AddColumn("pf_tokens", new("read_only", new ColumnSpec(ColumnType.Boolean))),
            dialect.AddColumn("pf_tokens", new("created_at", ColumnSpec.Instant)),
        ]),
        // Attributes of people an admin defines (a sales region, a cost centre), so a row scope can name the caller's own
        // value: {"field": "region", "op": "eq", "value": {"me": "region"}}. A user's values are one JSON object.
        new(9, "user attributes", dialect =>
        [
            dialect.AddColumn("pf_users", new("attributes", ColumnSpec.Json)),
            dialect.CreateTable(new TableSpec("pf_user_attributes", [new("attr_key", ColumnSpec.Key, false), new("name", ColumnSpec.Key, false),
                new("created_at", ColumnSpec.Instant, false)], IdentityKey: false, ["attr_key"])),
        ]),
        // Workflows: definitions published as versions like forms, runs with a log of every step, and the people's notifications.
        // An outbox event is dispatched once: its mark is set in the transaction that starts its runs, so none is skipped
        // (ids of concurrent transactions become visible out of order) and none starts runs twice. Events written before
        // workflows existed count as dispatched.
        new(10, "workflows, runs and their step log, notifications; outbox events marked when dispatched", dialect =>
        [
            dialect.CreateTable(new TableSpec("pf_workflows", [new("app_id", ColumnSpec.Id, false), new("workflow_key", ColumnSpec.Key, false),
                new("version", ColumnSpec.Id, false), new("enabled", new ColumnSpec(ColumnType.Boolean), false), new("created_at", ColumnSpec.Instant, false),
                new("updated_at", ColumnSpec.Instant, false), new("deleted_at", ColumnSpec.Instant)], IdentityKey: true)),
            dialect.CreateIndex(new IndexSpec("ux_pf_workflows_key", "pf_workflows", ["app_id", "workflow_key"], Unique: true)),
            dialect.CreateTable(new TableSpec("pf_workflow_versions", [new("workflow_id", ColumnSpec.Id, false), new("version", ColumnSpec.Id, false),
                new("definition", ColumnSpec.Json, false), new("published_at", ColumnSpec.Instant, false), new("published_by", ColumnSpec.Id)],
                IdentityKey: false, ["workflow_id", "version"])),
            dialect.CreateTable(new TableSpec("pf_workflow_runs", [new("app_id", ColumnSpec.Id, false), new("workflow_id", ColumnSpec.Id, false),
                new("workflow_version", ColumnSpec.Id, false), new("form_id", ColumnSpec.Id), new("record_id", ColumnSpec.Id), new("event_id", ColumnSpec.Id),
                new("user_id", ColumnSpec.Id), new("status", ColumnSpec.Key, false), new("step", ColumnSpec.Key), new("depth", ColumnSpec.Id, false),
                new("attempts", ColumnSpec.Id, false), new("due_at", ColumnSpec.Instant, false), new("lease_until", ColumnSpec.Instant),
                new("error", ColumnSpec.Json), new("created_at", ColumnSpec.Instant, false), new("updated_at", ColumnSpec.Instant, false),
                new("finished_at", ColumnSpec.Instant)], IdentityKey: true)),
            dialect.CreateIndex(new IndexSpec("ix_pf_workflow_runs_due", "pf_workflow_runs", ["status", "due_at"])),
            dialect.CreateIndex(new IndexSpec("ix_pf_workflow_runs_workflow", "pf_workflow_runs", ["workflow_id", "id"])),
            dialect.CreateTable(new TableSpec("pf_workflow_run_steps", [new("run_id", ColumnSpec.Id, false), new("step_id", ColumnSpec.Key, false),
                new("step_type", ColumnSpec.Key, false), new("attempt", ColumnSpec.Id, false), new("status", ColumnSpec.Key, false),
                new("started_at", ColumnSpec.Instant, false), new("finished_at", ColumnSpec.Instant, false), new("output", ColumnSpec.Json),
                new("error", ColumnSpec.Json)], IdentityKey: true)),
            dialect.CreateIndex(new IndexSpec("ix_pf_workflow_run_steps_run", "pf_workflow_run_steps", ["run_id", "id"])),
            dialect.CreateTable(new TableSpec("pf_notifications", [new("user_id", ColumnSpec.Id, false), new("title", Text, false), new("body", Text),
                new("link", ColumnSpec.Json), new("source", ColumnSpec.Key, false), new("created_at", ColumnSpec.Instant, false),
                new("read_at", ColumnSpec.Instant)], IdentityKey: true)),
            dialect.CreateIndex(new IndexSpec("ix_pf_notifications_user", "pf_notifications", ["user_id", "id"])),
            dialect.CreateIndex(new IndexSpec("ux_pf_notifications_source", "pf_notifications", ["source"], Unique: true)),
            dialect.AddColumn("pf_outbox", new("dispatched_at", ColumnSpec.Instant)),
            "UPDATE pf_outbox SET dispatched_at = at",
            dialect.CreateIndex(new IndexSpec("ix_pf_outbox_pending", "pf_outbox", ["dispatched_at", "id"])),
        ]),
        // Due times of timed triggers (a date of each record, a condition held for a while): one row per workflow and record,
        // written in the transaction of the change it follows from, deleted in the transaction that fires it, so each fires once.
        // A workflow enabled over existing records gives them their due times in the background, a page per transaction.
        new(11, "due times of timed workflow triggers", dialect =>
        [
            dialect.CreateTable(new TableSpec("pf_timers", [new("timer_key", ColumnSpec.Key, false), new("due_at", ColumnSpec.Instant, false),
                new("workflow_id", ColumnSpec.Id, false), new("form_id", ColumnSpec.Id, false), new("record_id", ColumnSpec.Id, false),
                new("created_at", ColumnSpec.Instant, false)], IdentityKey: true)),
            dialect.CreateIndex(new IndexSpec("ux_pf_timers_key", "pf_timers", ["timer_key"], Unique: true)),
            dialect.CreateIndex(new IndexSpec("ix_pf_timers_due", "pf_timers", ["due_at", "id"])),
            dialect.CreateIndex(new IndexSpec("ix_pf_timers_record", "pf_timers", ["form_id", "record_id"])),
            dialect.CreateIndex(new IndexSpec("ix_pf_timers_workflow", "pf_timers", ["workflow_id"])),
            // The records of a timed workflow still to be given their due times after it was enabled: those after this id.
            dialect.AddColumn("pf_workflows", new("refill_after", ColumnSpec.Id)),
        ]),
        // Every move of a record's stage, for funnels, time in stage and the workflows a move starts.
        new(12, "stage history", dialect =>
        [
            dialect.CreateTable(new TableSpec("pf_stage_history", [new("form_id", ColumnSpec.Id, false), new("record_id", ColumnSpec.Id, false),
                new("record_version", ColumnSpec.Id, false), new("field_key", ColumnSpec.Key, false), new("from_stage", ColumnSpec.Key),
                new("to_stage", ColumnSpec.Key), new("user_id", ColumnSpec.Id), new("actor_kind", ColumnSpec.Key), new("actor_ref", ColumnSpec.Key),
                new("at", ColumnSpec.Instant, false)], IdentityKey: true)),
            dialect.CreateIndex(new IndexSpec("ix_pf_stage_history_record", "pf_stage_history", ["form_id", "record_id", "id"])),
            dialect.CreateIndex(new IndexSpec("ix_pf_stage_history_stage", "pf_stage_history", ["form_id", "field_key", "to_stage", "at"])),
        ]),
        // The public pool's history: who claimed, gave back or had taken back which record, why and when; claims per day,
        // and who may not claim a record back yet, are read from it.
        new(13, "public pool history", dialect =>
        [
            dialect.CreateTable(new TableSpec("pf_pool_history", [new("form_id", ColumnSpec.Id, false), new("record_id", ColumnSpec.Id, false),
                new("action", ColumnSpec.Key, false), new("user_id", ColumnSpec.Id), new("owner_before", ColumnSpec.Id), new("owner_after", ColumnSpec.Id),
                new("reason", new ColumnSpec(ColumnType.Text, 1000)), new("actor_kind", ColumnSpec.Key), new("actor_ref", ColumnSpec.Key),
                new("at", ColumnSpec.Instant, false)], IdentityKey: true)),
            dialect.CreateIndex(new IndexSpec("ix_pf_pool_history_record", "pf_pool_history", ["form_id", "record_id", "id"])),
            dialect.CreateIndex(new IndexSpec("ix_pf_pool_history_user", "pf_pool_history", ["form_id", "user_id", "action", "at"])),
        ]),
        // Whose turn it is: the last person a round-robin assignment step gave a record to, per workflow and step.
        new(14, "round-robin turns of assignment steps", dialect =>
        [
            dialect.CreateTable(new TableSpec("pf_assign_turns", [new("workflow_id", ColumnSpec.Id, false), new("step_id", ColumnSpec.Key, false),
                new("last_user_id", ColumnSpec.Id, false)], IdentityKey: false, ["workflow_id", "step_id"])),
        ]),
        // Comments on records, with the people they mention (who are notified); a deleted comment keeps its row.
        new(15, "comments on records", dialect =>
        [
            dialect.CreateTable(new TableSpec("pf_comments", [new("form_id", ColumnSpec.Id, false), new("record_id", ColumnSpec.Id, false),
                new("user_id", ColumnSpec.Id), new("body", Text, false), new("mentions", ColumnSpec.Json), new("created_at", ColumnSpec.Instant, false),
                new("deleted_at", ColumnSpec.Instant)], IdentityKey: true)),
            dialect.CreateIndex(new IndexSpec("ix_pf_comments_record", "pf_comments", ["form_id", "record_id", "id"])),
        ]),
        // Approvals a workflow asks for: one row per request (what was shown, how it ended) and one per approver's task.
        new(16, "approvals and approvers' tasks", dialect =>
        [
            dialect.CreateTable(new TableSpec("pf_approvals", [new("app_id", ColumnSpec.Id, false), new("form_id", ColumnSpec.Id, false),
                new("record_id", ColumnSpec.Id), new("run_id", ColumnSpec.Id, false), new("step_id", ColumnSpec.Key, false), new("title", Text, false),
                new("mode", ColumnSpec.Key, false), new("status", ColumnSpec.Key, false), new("submitter_id", ColumnSpec.Id), new("snapshot", ColumnSpec.Json),
                new("due_at", ColumnSpec.Instant), new("reminders", ColumnSpec.Id, false), new("created_at", ColumnSpec.Instant, false),
                new("updated_at", ColumnSpec.Instant, false), new("decided_at", ColumnSpec.Instant)], IdentityKey: true)),
            dialect.CreateIndex(new IndexSpec("ix_pf_approvals_run", "pf_approvals", ["run_id", "step_id"], Unique: true)),
            dialect.CreateTable(new TableSpec("pf_approval_tasks", [new("approval_id", ColumnSpec.Id, false), new("user_id", ColumnSpec.Id, false),
                new("status", ColumnSpec.Key, false), new("comment", Text), new("transferred_to", ColumnSpec.Id), new("created_at", ColumnSpec.Instant, false),
                new("decided_at", ColumnSpec.Instant)], IdentityKey: true)),
            dialect.CreateIndex(new IndexSpec("ix_pf_approval_tasks_user", "pf_approval_tasks", ["user_id", "status", "id"])),
            dialect.CreateIndex(new IndexSpec("ix_pf_approval_tasks_approval", "pf_approval_tasks", ["approval_id", "id"])),
        ]),
        // Messages sent outside the app (email, group robots), written in the transaction that caused them and sent after it by
        // a pump that tries again with a pause, each once per source.
        new(17, "deliveries of email and group-robot messages", dialect =>
        [
            dialect.CreateTable(new TableSpec("pf_deliveries", [new("channel", ColumnSpec.Key, false), new("target", Text, false), new("subject", Text),
                new("body", ColumnSpec.Json), new("secret", ColumnSpec.Key), new("source", ColumnSpec.Key, false), new("status", ColumnSpec.Key, false),
                new("attempts", ColumnSpec.Id, false), new("due_at", ColumnSpec.Instant, false), new("created_at", ColumnSpec.Instant, false),
                new("sent_at", ColumnSpec.Instant), new("error", Text)], IdentityKey: true)),
            dialect.CreateIndex(new IndexSpec("ux_pf_deliveries_source", "pf_deliveries", ["source"], Unique: true)),
            dialect.CreateIndex(new IndexSpec("ix_pf_deliveries_due", "pf_deliveries", ["status", "due_at"])),
        ]),
        // Inbound webhooks (a secret address per workflow; the body a run's input, a retried call known by its key) and steps
        // that wait for a condition (the deadline kept while a change of the record wakes the run to look again).
        new(18, "inbound webhooks and waiting for a condition", dialect =>
        [
            dialect.AddColumn("pf_workflows", new("hook_secret", ColumnSpec.Key)),
            dialect.CreateIndex(new IndexSpec("ix_pf_workflows_hook", "pf_workflows", ["hook_secret"])),
            dialect.AddColumn("pf_workflow_runs", new("input", ColumnSpec.Json)),
            dialect.AddColumn("pf_workflow_runs", new("request_key", ColumnSpec.Key)),
            dialect.CreateIndex(new IndexSpec("ix_pf_workflow_runs_request", "pf_workflow_runs", ["workflow_id", "request_key"])),
            dialect.AddColumn("pf_workflow_runs", new("wait_until", ColumnSpec.Instant)),
            dialect.AddColumn("pf_workflow_runs", new("wakes_on_change", new ColumnSpec(ColumnType.Boolean))),
            dialect.CreateIndex(new IndexSpec("ix_pf_workflow_runs_record", "pf_workflow_runs", ["form_id", "record_id"])),
        ]),
        // Long work run in the background with its progress (recomputing a form's records after a publish), taken again when
        // the process running it stopped.
        new(19, "background jobs with progress", dialect =>
        [
            dialect.CreateTable(new TableSpec("pf_jobs", [new("kind", ColumnSpec.Key, false), new("app_key", ColumnSpec.Key), new("form_key", ColumnSpec.Key),
                new("argument", ColumnSpec.Key), new("user_id", ColumnSpec.Id), new("status", ColumnSpec.Key, false), new("done", ColumnSpec.Id, false),
                new("total", ColumnSpec.Id), new("changed", ColumnSpec.Id), new("error", Text), new("lease_until", ColumnSpec.Instant),
                new("created_at", ColumnSpec.Instant, false), new("started_at", ColumnSpec.Instant), new("finished_at", ColumnSpec.Instant)], IdentityKey: true)),
            dialect.CreateIndex(new IndexSpec("ix_pf_jobs_status", "pf_jobs", ["status", "id"])),
        ]),
        // Each tag a tag rule put on or took off a record, with the rule, in the write's transaction.
        new(20, "tag changes made by tag rules", dialect =>
        [
            dialect.CreateTable(new TableSpec("pf_tag_history", [new("form_id", ColumnSpec.Id, false), new("record_id", ColumnSpec.Id, false),
                new("record_version", ColumnSpec.Id, false), new("field_key", ColumnSpec.Key, false), new("tag", ColumnSpec.Key, false),
                new("added", new ColumnSpec(ColumnType.Boolean), false), new("rule_key", ColumnSpec.Key, false), new("actor_kind", ColumnSpec.Key),
                new("actor_ref", ColumnSpec.Key), new("at", ColumnSpec.Instant, false)], IdentityKey: true)),
            dialect.CreateIndex(new IndexSpec("ix_pf_tag_history_record", "pf_tag_history", ["form_id", "record_id", "id"])),
        ]),
        // Owners' answers to churn warnings ("still in contact"), kept for review; each snoozes the warning for a while.
        new(21, "answers to churn warnings", dialect =>
        [
            dialect.CreateTable(new TableSpec("pf_churn_responses", [new("form_id", ColumnSpec.Id, false), new("record_id", ColumnSpec.Id, false),
                new("level", ColumnSpec.Key, false), new("score", ColumnSpec.Key), new("note", Text, false), new("user_id", ColumnSpec.Id),
                new("at", ColumnSpec.Instant, false), new("until", ColumnSpec.Instant, false)], IdentityKey: true)),
            dialect.CreateIndex(new IndexSpec("ix_pf_churn_responses_record", "pf_churn_responses", ["form_id", "record_id", "id"])),
        ]),
        // Reports and dashboards of an app (one key space each), published as numbered versions like workflows.
        new(22, "reports and dashboards", dialect =>
        [
            dialect.CreateTable(new TableSpec("pf_reports", [new("app_id", ColumnSpec.Id, false), new("kind", ColumnSpec.Key, false),
                new("report_key", ColumnSpec.Key, false), new("version", ColumnSpec.Id, false), new("created_at", ColumnSpec.Instant, false),
                new("updated_at", ColumnSpec.Instant, false), new("deleted_at", ColumnSpec.Instant)], IdentityKey: true)),
            dialect.CreateIndex(new IndexSpec("ux_pf_reports_key", "pf_reports", ["app_id", "kind", "report_key"], Unique: true)),
            dialect.CreateTable(new TableSpec("pf_report_versions", [new("report_id", ColumnSpec.Id, false), new("version", ColumnSpec.Id, false),
                new("definition", ColumnSpec.Json, false), new("published_at", ColumnSpec.Instant, false), new("published_by", ColumnSpec.Id)],
                IdentityKey: false, ["report_id", "version"])),
        ]),
        // A form's newest change event, which a report's kept answer is checked against.
        new(23, "change events by form", dialect => [dialect.CreateIndex(new IndexSpec("ix_pf_outbox_form", "pf_outbox", ["form_id", "id"]))]),
        // Imports: the uploaded file in parts (so a job on any node reads it after a restart), where the job got to (committed with
        // each batch it wrote), each bad cell's message, and the column mapping last used per form.
        new(24, "imports", dialect =>
        [
            dialect.CreateTable(new TableSpec("pf_imports", [new("app_key", ColumnSpec.Key, false), new("form_key", ColumnSpec.Key, false),
                new("user_id", ColumnSpec.Id), new("job_id", ColumnSpec.Id), new("file_name", ColumnSpec.Key, false), new("format", ColumnSpec.Key, false),
                new("file_size", ColumnSpec.Id, false), new("settings", ColumnSpec.Json, false), new("headings", ColumnSpec.Json, false), new("status", ColumnSpec.Key, false),
                new("header_row", ColumnSpec.Id, false), new("total", ColumnSpec.Id), new("position", ColumnSpec.Id, false), new("read_rows", ColumnSpec.Id, false),
                new("created_rows", ColumnSpec.Id, false), new("updated_rows", ColumnSpec.Id, false), new("failed_rows", ColumnSpec.Id, false),
                new("cancel_requested", new ColumnSpec(ColumnType.Boolean), false), new("error", Text), new("created_at", ColumnSpec.Instant, false),
                new("started_at", ColumnSpec.Instant), new("finished_at", ColumnSpec.Instant)], IdentityKey: true)),
            dialect.CreateTable(new TableSpec("pf_import_parts", [new("import_id", ColumnSpec.Id, false), new("part", ColumnSpec.Id, false),
                new("data", new ColumnSpec(ColumnType.Bytes), false)], IdentityKey: false, ["import_id", "part"])),
            dialect.CreateTable(new TableSpec("pf_import_errors", [new("import_id", ColumnSpec.Id, false), new("row_number", ColumnSpec.Id, false),
                new("field", ColumnSpec.Key, false), new("code", ColumnSpec.Key, false), new("message_en", Text, false), new("message_zh", Text, false)], IdentityKey: true)),
            dialect.CreateIndex(new IndexSpec("ix_pf_import_errors_row", "pf_import_errors", ["import_id", "row_number", "id"])),
            dialect.CreateTable(new TableSpec("pf_import_mappings", [new("app_key", ColumnSpec.Key, false), new("form_key", ColumnSpec.Key, false),
                new("mapping", ColumnSpec.Json, false), new("updated_at", ColumnSpec.Instant, false), new("updated_by", ColumnSpec.Id)], IdentityKey: false,
                ["app_key", "form_key"])),
        ]),
        // The package each app was installed from, whole: the base an upgrade compares the package and the app with.
        new(25, "installed packages", dialect =>
        [
            dialect.CreateTable(new TableSpec("pf_app_packages", [new("app_key", ColumnSpec.Key, false), new("package_key", ColumnSpec.Key, false),
                new("version", ColumnSpec.Key, false), new("package", ColumnSpec.Json, false), new("installed_at", ColumnSpec.Instant, false),
                new("installed_by", ColumnSpec.Id)], IdentityKey: false, ["app_key"])),
        ]),
        // Facts about the installation as a whole (the templates of its first start were installed…), one row each.
        new(26, "platform settings", dialect =>
        [
            dialect.CreateTable(new TableSpec("pf_settings", [new("setting_key", ColumnSpec.Key, false), new("value", Text, false),
                new("updated_at", ColumnSpec.Instant, false)], IdentityKey: false, ["setting_key"])),
        ]),

        // Events written already dispatched (an import without workflows, a restore) no longer enter the dispatcher's index:
        // one B-tree fewer to write for each of them, and an index of exactly what the dispatcher looks for.
        new(27, "undispatched events only", dialect =>
        [
            dialect.DropIndex("pf_outbox", "ix_pf_outbox_pending"),
            dialect.CreateIndex(new IndexSpec("ix_pf_outbox_undispatched", "pf_outbox", ["id"], WhileNull: "dispatched_at")),
        ]),
        // Uploaded files (kept on disk by the hash of their content) and who uploaded each: a person links only their own.
        new(28, "uploaded files", dialect =>
        [
            dialect.CreateTable(new TableSpec("pf_files", [new("hash", new ColumnSpec(ColumnType.Text, 64), false), new("user_id", ColumnSpec.Id, false),
                new("name", new ColumnSpec(ColumnType.Text, 255), false), new("size", ColumnSpec.Id, false), new("content_type", ColumnSpec.Key, false),
                new("uploaded_at", ColumnSpec.Instant, false)], IdentityKey: false, ["hash", "user_id"])),
        ]),
        // The keys that seal session cookies and anti-forgery tokens, shared by every node on the database.
        new(29, "data protection keys", dialect =>
        [
            dialect.CreateTable(new TableSpec("pf_protection_keys", [new("name", ColumnSpec.Key, false), new("xml", new ColumnSpec(ColumnType.Text), false),
                new("created_at", ColumnSpec.Instant, false)], IdentityKey: false, ["name"])),
        ]),
        // What a node changed that the others must drop from their caches, where the database has no LISTEN (SQL Server).
        new(30, "changes heard by other nodes", dialect =>
        [
            dialect.CreateTable(new TableSpec("pf_changes", [new("topic", ColumnSpec.Key, false), new("change_key", ColumnSpec.Key, false),
                new("at", ColumnSpec.Instant, false)], IdentityKey: true)),
            dialect.CreateIndex(new IndexSpec("ix_pf_changes_at", "pf_changes", ["at"])),
        ]),
    ];

    public static int Latest => All[^1].Version;
}
