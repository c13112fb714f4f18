using System.Text.Json;
using Dapper;
using Platform.Engine.Records;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Dialects;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Engine.Workflows.Runs;

/// <summary>
/// Turns outbox events into runs. Each event is taken once: read among those not yet dispatched (rows another node
/// holds are passed over, never waited for), its runs written and its mark set in one transaction. Nothing is skipped
/// when ids commit out of order, since what is read is every unmarked event, not those after a last id seen.
/// </summary>
public sealed class WorkflowDispatcher(PlatformDatabase database, WorkflowService workflows, TimeProvider clock, WorkflowOptions options)
{
    private readonly RunRows _runs = new(database);

    /// <summary>Whether an event waits: the first one not yet dispatched (served by the index of those alone).</summary>
    internal static string FirstWaitingSql(SqlDialect dialect) =>
        dialect.Page($"SELECT id FROM pf_outbox{dialect.IndexHint(WaitingIndex)} WHERE dispatched_at IS NULL ORDER BY id", "1", null);

    /// <summary>The partial index of the events not yet dispatched (migration 27), which both read.</summary>
    private const string WaitingIndex = "ix_pf_outbox_undispatched";

    /// <summary>The next events not yet dispatched, in order, claimed for this transaction.</summary>
    internal static string ClaimSql(SqlDialect dialect, int batch) =>
        dialect.ClaimRows("pf_outbox", "id, form_id, record_id, kind, payload, user_id, actor_kind, actor_ref", "dispatched_at IS NULL", "id", batch, WaitingIndex);

    /// <summary>Dispatches one batch of events; returns how many events it took (0 when none were waiting).</summary>
    public async Task<int> DispatchAsync(CancellationToken ct = default)
    {
        var dialect = database.Dialect;
        // Looked for first, outside a transaction: an idle dispatcher commits nothing (a commit would wake it again).
        await using (var connection = await database.OpenAsync(ct))
            if (await connection.ExecuteScalarAsync<long?>(FirstWaitingSql(dialect)) is null)
                return 0;
        var active = await workflows.ActiveAsync(ct);
        return await database.InTransactionAsync(async (connection, transaction) =>
        {
            var events = (await connection.QueryAsync<EventRow>(ClaimSql(dialect, options.DispatchBatch), transaction: transaction)).ToList();
            if (events.Count == 0) return 0;
            var now = clock.GetUtcNow().UtcDateTime;
            var changed = new Dictionary<long, HashSet<long>>();
            foreach (var change in events)
            {
                if (!active.TryGetValue(change.FormId, out var candidates)) continue;
                if (candidates.Any(w => w.Definition.Steps.Any(s => s is WaitForStep))) (changed.TryGetValue(change.FormId, out var ids) ? ids : changed[change.FormId] = []).Add(change.RecordId);
                var recordEvent = new RecordEvent(change.Kind, ChangedFields(change.Payload));
                if (candidates.Any(w => w.Definition.Trigger is StageTrigger))
                    recordEvent = recordEvent with { StageMoves = await StageMovesAsync(connection, transaction, change) };
                var starting = candidates.Where(w => w.Definition.Trigger.Starts(recordEvent)).ToList();
                if (starting.Count == 0) continue;
                // A change a run made starts the next link of a chain; past the limit the chain stops, visibly.
                var depth = change.ActorKind == Actor.WorkflowKind && long.TryParse(change.ActorRef, out var parent)
                    ? await _runs.DepthAsync(connection, transaction, parent) + 1 : 0;
                foreach (var workflow in starting)
                {
                    var stopped = depth > options.MaxChain ? new RunError(null, [new("", "run.loop", options.MaxChain)]) : null;
                    await _runs.InsertAsync(connection, transaction, new NewRun(workflow, change.RecordId, change.Id, change.UserId, depth, now), stopped);
                }
            }
            // Runs waiting for a condition on a changed record look at it again.
            foreach (var (formId, recordIds) in changed) await _runs.WakeAsync(connection, transaction, formId, recordIds, now);
            await connection.ExecuteAsync($"UPDATE pf_outbox SET dispatched_at = @now WHERE {dialect.InIds("id", "@ids")}",
                new { now = dialect.ToDb(Storage.ColumnType.DateTime, now), ids = dialect.IdsParameter(events.Select(e => e.Id).ToList()) }, transaction);
            return events.Count;
        }, ct);
    }

    /// <summary>The stage moves an event's change made: written with it, at the version it names.</summary>
    private static async Task<IReadOnlyList<StageMoveSeen>> StageMovesAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction,
        EventRow change)
    {
        using var json = JsonDocument.Parse(change.Payload);
        if (!json.RootElement.TryGetProperty("version", out var version)) return [];
        return (await connection.QueryAsync<(string Field, string? From, string? To)>(
            "SELECT field_key, from_stage, to_stage FROM pf_stage_history WHERE form_id = @formId AND record_id = @recordId AND record_version = @version",
            new { formId = change.FormId, recordId = change.RecordId, version = version.GetInt64() }, transaction))
            .Select(m => new StageMoveSeen(m.Field, m.From, m.To)).ToList();
    }

    private static IReadOnlyCollection<string> ChangedFields(string payload)
    {
        using var json = JsonDocument.Parse(payload);
        return json.RootElement.TryGetProperty("changes", out var changes) && changes.ValueKind == JsonValueKind.Array
            ? changes.EnumerateArray().Select(c => c.GetProperty("field").GetString()!).ToHashSet(StringComparer.Ordinal)
            : [];
    }

    private sealed class EventRow
    {
        public long Id { get; set; }
        public long FormId { get; set; }
        public long RecordId { get; set; }
        public string Kind { get; set; } = "";
        public string Payload { get; set; } = "{}";
        public long? UserId { get; set; }
        public string? ActorKind { get; set; }
        public string? ActorRef { get; set; }
    }
}
