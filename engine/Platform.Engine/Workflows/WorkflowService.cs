using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Formulas;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Changes;
using Platform.Engine.Validation;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Engine.Workflows;

/// <summary>
/// Workflow definitions of an app: checked and published as numbered versions (a run keeps the version it started
/// with), enabled and disabled, deleted. New workflows start disabled; enabling checks them again against the app as
/// it is then, since its forms may have changed since publishing.
/// </summary>
public sealed class WorkflowService(PlatformDatabase database, FormulaService formulas, TimeProvider clock, Outbound.OutboundClient? outbound = null)
{
    // The enabled workflows, as the dispatcher matches every event against them: read again once a change of a workflow or
    // a form is heard (from this node or another, see the database's change feed), and at least once a second while other
    // nodes cannot be heard.
    private (IReadOnlyDictionary<long, IReadOnlyList<ActiveWorkflow>> ByForm, long ReadAt, long Generation)? _active;

    private long Generation => database.Changes.Generation(ChangeTopics.Workflows) + database.Changes.Generation(ChangeTopics.Form);
    private readonly ConcurrentDictionary<(long Workflow, int Version), WorkflowDefinition> _versions = new();

    public async Task<IReadOnlyList<WorkflowInfo>> ListAsync(string appKey, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var app = await AppService.FindAsync(connection, appKey, null) ?? throw new NotFoundException("app.notFound", appKey);
        var rows = await connection.QueryAsync<WorkflowRow>(
            $"SELECT {WorkflowRow.Columns} FROM pf_workflows w JOIN pf_workflow_versions v ON v.workflow_id = w.id AND v.version = w.version " +
            "WHERE w.app_id = @id AND w.deleted_at IS NULL ORDER BY w.workflow_key", new { id = app.Id });
        return rows.Select(r =>
        {
            var definition = WorkflowJson.Parse(r.Definition);
            return new WorkflowInfo(r.WorkflowKey, definition.Name, definition.Form, WorkflowTypes.Triggers.NameOf(definition.Trigger), (int)r.Version,
                Enabled(r.Enabled), (DateTime)database.Dialect.FromDb(ColumnType.DateTime, r.UpdatedAt)!);
        }).ToList();
    }

    /// <summary>The current definition; <paramref name="version"/> picks an older one.</summary>
    public async Task<WorkflowVersion> GetAsync(string appKey, string key, int? version = null, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await FindAsync(connection, null, appKey, key);
        var wanted = version ?? (int)row.Version;
        if (wanted < 1 || wanted > row.Version) throw new NotFoundException("workflow.notFound", $"{key} v{wanted}");
        return new WorkflowVersion(await DefinitionAsync(row.Id, wanted, ct), wanted, Enabled(row.Enabled)) { HookSecret = row.HookSecret };
    }

    /// <summary>Checks <paramref name="workflow"/> against the app and publishes it as the next version; a dry run only checks.</summary>
    public async Task<WorkflowPublishResult> PublishAsync(string appKey, WorkflowDefinition workflow, bool dryRun = false, long? userId = null,
        CancellationToken ct = default)
    {
        await using (var connection = await database.OpenAsync(ct))
            await CheckAsync(connection, appKey, workflow);
        var published = await database.InTransactionAsync(async (connection, transaction) =>
        {
            var app = await AppService.FindAsync(connection, appKey, transaction) ?? throw new NotFoundException("app.notFound", appKey);
            var row = await connection.QuerySingleOrDefaultAsync<WorkflowRow>(
                "SELECT id, workflow_key, version, enabled, deleted_at FROM pf_workflows WHERE app_id = @app AND workflow_key = @key",
                new { app = app.Id, key = workflow.Key }, transaction);
            var version = (int)(row?.Version ?? 0) + 1;
            var enabled = row is { DeletedAt: null } && Enabled(row.Enabled);
            if (dryRun) return new WorkflowPublishResult(true, version, enabled);
            var now = Now();
            var id = row?.Id ?? await connection.ExecuteScalarAsync<long>(
                database.Dialect.InsertReturningId("pf_workflows", ["app_id", "workflow_key", "version", "enabled", "created_at", "updated_at"]),
                new { p0 = app.Id, p1 = workflow.Key, p2 = 0L, p3 = database.Dialect.ToDb(ColumnType.Boolean, false), p4 = now, p5 = now }, transaction);
            await connection.ExecuteAsync(database.Dialect.Insert("pf_workflow_versions", ["workflow_id", "version", "definition", "published_at", "published_by"]),
                new { p0 = id, p1 = (long)version, p2 = WorkflowJson.Serialize(workflow), p3 = now, p4 = userId }, transaction);
            // A new version of an enabled timed workflow may count its times differently: they are worked out again.
            var refill = enabled && workflow.Trigger is TimedTrigger or ScheduleTrigger;
            if (refill) await ClearTimersAsync(connection, transaction, id);
            // A workflow called from outside gets its secret address once; a new version keeps it.
            await connection.ExecuteAsync(
                "UPDATE pf_workflows SET version = @version, enabled = @enabled, deleted_at = NULL, updated_at = @now, hook_secret = COALESCE(hook_secret, @secret)" +
                (refill ? ", refill_after = 0" : "") + " WHERE id = @id",
                new
                {
                    version = (long)version, enabled = database.Dialect.ToDb(ColumnType.Boolean, enabled), now, id,
                    secret = workflow.Trigger is WebhookTrigger ? NewSecret() : null,
                }, transaction);
            return new WorkflowPublishResult(false, version, enabled);
        }, ct);
        await ChangedAsync(appKey, ct);
        return published;
    }

    /// <summary>Turns a workflow on, after checking its current version against the app as it is now.</summary>
    public async Task EnableAsync(string appKey, string key, CancellationToken ct = default)
    {
        var current = await GetAsync(appKey, key, ct: ct);
        await using (var connection = await database.OpenAsync(ct))
            await CheckAsync(connection, appKey, current.Definition);
        // A timed workflow gives the records already there their due times, a scheduled one its first time, in the background (TimerRefill).
        await SetAsync(appKey, key, current.Definition.Trigger is TimedTrigger or ScheduleTrigger ? "enabled = @on, refill_after = 0" : "enabled = @on", ct);
    }

    public Task DisableAsync(string appKey, string key, CancellationToken ct = default) => SetAsync(appKey, key, "enabled = @off, refill_after = NULL", ct);

    /// <summary>Removes a workflow: it starts no more runs (those under way finish); its runs and versions are kept.</summary>
    public Task DeleteAsync(string appKey, string key, CancellationToken ct = default) => SetAsync(appKey, key, "enabled = @off, refill_after = NULL, deleted_at = @now", ct);

    /// <summary>A version of a workflow by its id, as runs read it; versions never change, so each is read once.</summary>
    internal async Task<WorkflowDefinition> DefinitionAsync(long workflowId, int version, CancellationToken ct)
    {
        if (_versions.TryGetValue((workflowId, version), out var known)) return known;
        await using var connection = await database.OpenAsync(ct);
        var json = await connection.ExecuteScalarAsync<string>("SELECT definition FROM pf_workflow_versions WHERE workflow_id = @workflowId AND version = @version",
            new { workflowId, version = (long)version }) ?? throw new NotFoundException("workflow.notFound", workflowId);
        return _versions.GetOrAdd((workflowId, version), WorkflowJson.Parse(json));
    }

    /// <summary>The enabled workflows by the id of the form whose records start them.</summary>
    internal async Task<IReadOnlyDictionary<long, IReadOnlyList<ActiveWorkflow>>> ActiveAsync(CancellationToken ct)
    {
        var generation = Generation;
        if (_active is { } known && known.Generation == generation
            && Environment.TickCount64 - known.ReadAt < database.Changes.KeepFor) return known.ByForm;
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, long AppId, string AppKey, long Version, string Definition)>(
            "SELECT w.id, w.app_id, a.app_key, w.version, v.definition FROM pf_workflows w " +
            "JOIN pf_apps a ON a.id = w.app_id JOIN pf_workflow_versions v ON v.workflow_id = w.id AND v.version = w.version " +
            "WHERE w.enabled = @on AND w.deleted_at IS NULL", new { on = database.Dialect.ToDb(ColumnType.Boolean, true) });
        var forms = (await connection.QueryAsync<(long Id, long AppId, string FormKey)>("SELECT id, app_id, form_key FROM pf_forms WHERE version > 0"))
            .ToDictionary(f => (f.AppId, f.FormKey), f => f.Id);
        var active = new List<ActiveWorkflow>();
        foreach (var row in rows)
        {
            var definition = WorkflowJson.Parse(row.Definition);
            if (forms.TryGetValue((row.AppId, definition.Form), out var formId))
                active.Add(new ActiveWorkflow(row.Id, row.AppId, row.AppKey, formId, (int)row.Version, definition));
        }
        var byForm = active.GroupBy(a => a.FormId).ToDictionary(g => g.Key, g => (IReadOnlyList<ActiveWorkflow>)g.ToList());
        _active = (byForm, Environment.TickCount64, generation);
        return byForm;
    }

    internal async Task<ActiveWorkflow> ActiveAsync(string appKey, string key, CancellationToken ct)
    {
        var current = await GetAsync(appKey, key, ct: ct);
        if (!current.Enabled) throw new ConflictException("workflow.disabled", key);
        var all = await ActiveAsync(ct);
        return all.Values.SelectMany(a => a).FirstOrDefault(a => a.AppKey == appKey && a.Definition.Key == key && a.Version == current.Version)
            ?? throw new ConflictException("workflow.disabled", key);
    }

    /// <summary>Gives a workflow called from outside a new secret address; the old one stops working at once.</summary>
    public async Task<string> RotateHookAsync(string appKey, string key, CancellationToken ct = default)
    {
        var current = await GetAsync(appKey, key, ct: ct);
        if (current.Definition.Trigger is not WebhookTrigger) throw new ConflictException("hook.notWebhook", key);
        var secret = NewSecret();
        await SetAsync(appKey, key, "hook_secret = @secret", ct, secret);
        return secret;
    }

    /// <summary>The enabled workflow whose secret address this is, when it is started by a webhook.</summary>
    internal async Task<ActiveWorkflow?> HookedAsync(string secret, CancellationToken ct)
    {
        long? id;
        await using (var connection = await database.OpenAsync(ct))
            id = await connection.ExecuteScalarAsync<long?>("SELECT id FROM pf_workflows WHERE hook_secret = @secret AND deleted_at IS NULL", new { secret });
        if (id is null) return null;
        return (await ActiveAsync(ct)).Values.SelectMany(a => a).FirstOrDefault(a => a.Id == id && a.Definition.Trigger is WebhookTrigger);
    }

    private static string NewSecret() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    private Task ChangedAsync(string appKey, CancellationToken ct) => database.Changes.TellAsync(new Change(ChangeTopics.Workflows, appKey), ct);

    /// <summary>Checks a workflow against forms and roles that are not (yet) an app's: a package's, before it is installed.</summary>
    public Task<IReadOnlyList<ValidationError>> CheckAsync(WorkflowDefinition workflow, IReadOnlyDictionary<string, FormDefinition> forms, IReadOnlySet<string> roles,
        CancellationToken ct = default) => WorkflowCheck.CheckAsync(workflow, forms, roles, formulas, outbound, ct);

    private async Task CheckAsync(DbConnection connection, string appKey, WorkflowDefinition workflow)
    {
        var app = await AppService.FindAsync(connection, appKey, null) ?? throw new NotFoundException("app.notFound", appKey);
        var forms = await FormService.CurrentDefinitionsAsync(connection, app.Id);
        var roles = (await connection.QueryAsync<string>("SELECT role_key FROM pf_roles WHERE app_id = @id", new { id = app.Id })).ToHashSet(StringComparer.Ordinal);
        var errors = await WorkflowCheck.CheckAsync(workflow, forms, roles, formulas, outbound);
        if (errors.Count > 0) throw new DefinitionRejectedException(errors);
    }

    private async Task SetAsync(string appKey, string key, string set, CancellationToken ct, string? secret = null)
    {
        await database.InTransactionAsync(async (connection, transaction) =>
        {
            var row = await FindAsync(connection, transaction, appKey, key);
            var dialect = database.Dialect;
            // Due times are worked out again from the records whenever a workflow is turned on or off.
            await ClearTimersAsync(connection, transaction, row.Id);
            return await connection.ExecuteAsync($"UPDATE pf_workflows SET {set}, updated_at = @now WHERE id = @id",
                new { id = row.Id, now = Now(), on = dialect.ToDb(ColumnType.Boolean, true), off = dialect.ToDb(ColumnType.Boolean, false), secret }, transaction);
        }, ct);
        await ChangedAsync(appKey, ct);
    }

    /// <summary>Forgets a workflow's due times: they are worked out again (or not at all) from its version and state.</summary>
    private static Task ClearTimersAsync(DbConnection connection, DbTransaction transaction, long workflowId) =>
        connection.ExecuteAsync("DELETE FROM pf_timers WHERE workflow_id = @workflowId", new { workflowId }, transaction);

    private static async Task<WorkflowRow> FindAsync(DbConnection connection, DbTransaction? transaction, string appKey, string key)
    {
        var app = await AppService.FindAsync(connection, appKey, transaction) ?? throw new NotFoundException("app.notFound", appKey);
        return await connection.QuerySingleOrDefaultAsync<WorkflowRow>(
            "SELECT id, workflow_key, version, enabled, deleted_at, hook_secret FROM pf_workflows WHERE app_id = @app AND workflow_key = @key AND deleted_at IS NULL",
            new { app = app.Id, key }, transaction) ?? throw new NotFoundException("workflow.notFound", key);
    }

    private object? Now() => database.Dialect.ToDb(ColumnType.DateTime, clock.GetUtcNow().UtcDateTime);

    private bool Enabled(object? value) => database.Dialect.FromDb(ColumnType.Boolean, value) is true;

    private sealed class WorkflowRow
    {
        public const string Columns = "w.id, w.workflow_key, w.version, w.enabled, w.updated_at, v.definition";

        public long Id { get; set; }
        public string WorkflowKey { get; set; } = "";
        public long Version { get; set; }
        public object? Enabled { get; set; }
        public object? UpdatedAt { get; set; }
        public object? DeletedAt { get; set; }
        public string Definition { get; set; } = "";
        public string? HookSecret { get; set; }
    }
}
