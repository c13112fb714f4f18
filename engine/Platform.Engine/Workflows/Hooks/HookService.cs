using System.Text.Json;
using Dapper;
using Platform.Engine.Apps;
using Platform.Engine.Storage;
using Platform.Engine.Validation;
using Platform.Engine.Workflows.Runs;

namespace Platform.Engine.Workflows.Hooks;

/// <summary>
/// Calls from other systems to a workflow's secret address: the body is checked against the workflow's form and starts
/// a run with it as input. A call sent again with the same <c>Idempotency-Key</c> starts nothing new and gets the first
/// run back. An address nobody has, or whose workflow is off, is not found.
/// </summary>
public sealed class HookService(PlatformDatabase database, WorkflowService workflows, FormService forms, TimeProvider clock)
{
    public const int MaxKey = 200;

    private readonly RunRows _rows = new(database);

    public async Task<HookReceipt> ReceiveAsync(string secret, JsonElement body, string? requestKey, CancellationToken ct = default)
    {
        if (requestKey is { Length: > MaxKey }) throw new ValidationFailedException([new("Idempotency-Key", "text.tooLong", MaxKey)]);
        var workflow = await workflows.HookedAsync(secret, ct) ?? throw new NotFoundException("hook.notFound");
        var model = await forms.GetModelAsync(workflow.AppKey, workflow.Definition.Form, ct);
        var errors = new List<ValidationError>();
        WebhookInput.Parse(model, body, errors);
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        return await database.InTransactionAsync(async (connection, transaction) =>
        {
            if (requestKey is not null)
            {
                // One call at a time per workflow with a key, so a call sent twice at once still starts one run.
                await connection.ExecuteAsync("UPDATE pf_workflows SET updated_at = updated_at WHERE id = @id", new { id = workflow.Id }, transaction);
                var first = await connection.ExecuteScalarAsync<long?>(
                    "SELECT id FROM pf_workflow_runs WHERE workflow_id = @id AND request_key = @requestKey", new { id = workflow.Id, requestKey }, transaction);
                if (first is { } known) return new HookReceipt(known, Repeated: true);
            }
            var run = await _rows.InsertAsync(connection, transaction, new NewRun(workflow, null, null, null, 0, clock.GetUtcNow().UtcDateTime)
            {
                Input = body.GetRawText(), RequestKey = requestKey,
            });
            return new HookReceipt(run, Repeated: false);
        }, ct);
    }
}

/// <summary>The run a webhook's call started, and whether the call had been received before.</summary>
public sealed record HookReceipt(long RunId, bool Repeated);
