using Dapper;

namespace Platform.Engine.Workflows.Steps;

/// <summary>
/// Round robin among people: the next after the last one a step chose, in id order. The turn is kept per workflow and
/// step and written in the run's transaction (locked first, since several runs, or nodes, take turns at once).
/// </summary>
internal static class AssignTurns
{
    public static async Task<long> NextAsync(StepContext context, string stepId, IReadOnlyList<long> candidates, CancellationToken ct)
    {
        var connection = context.Work.Connection;
        var key = new { workflow = context.WorkflowId, step = stepId };
        // The workflow's row is locked for the turn, as the turn's own row may not be there yet: two runs taking the first turn
        // at once would both insert it.
        await connection.ExecuteAsync(new CommandDefinition("UPDATE pf_workflows SET updated_at = updated_at WHERE id = @workflow", key,
            context.Work.Transaction, cancellationToken: ct));
        var last = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT last_user_id FROM pf_assign_turns WHERE workflow_id = @workflow AND step_id = @step", key, context.Work.Transaction, cancellationToken: ct));
        var next = candidates.FirstOrDefault(c => c > (last ?? 0), candidates[0]);
        await connection.ExecuteAsync(new CommandDefinition(last is null
            ? "INSERT INTO pf_assign_turns (workflow_id, step_id, last_user_id) VALUES (@workflow, @step, @next)"
            : "UPDATE pf_assign_turns SET last_user_id = @next WHERE workflow_id = @workflow AND step_id = @step",
            new { key.workflow, key.step, next }, context.Work.Transaction, cancellationToken: ct));
        return next;
    }
}
