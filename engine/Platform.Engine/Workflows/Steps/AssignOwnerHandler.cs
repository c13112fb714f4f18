using System.Text.Json.Nodes;
using Platform.Engine.Formulas;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Engine.Workflows.Steps;

/// <summary>
/// Gives the run's record an owner: a named user, the user a formula picks (by rule), or one member of a role or a
/// department, in turn (round robin, the turn kept per workflow and step in the run's transaction) or the one who owns
/// fewest records of the form (least loaded). Disabled people are passed over; with nobody to give it to, the step fails.
/// </summary>
internal sealed class AssignOwnerHandler : StepHandler<AssignOwnerStep>
{
    protected override void Check(AssignOwnerStep step, WorkflowCheck check, string place)
    {
        if ((step.User is null ? 0 : 1) + (step.Formula is null ? 0 : 1) + (step.Role is null ? 0 : 1) + (step.Department is null ? 0 : 1) != 1)
            check.Error(place, "workflow.assignee");
        if (step.Role is { } role && !check.Roles.Contains(role)) check.Error($"{place}.role", "role.notFound", role);
        if (step.By is not (null or AssignOwnerStep.RoundRobin or AssignOwnerStep.LeastLoaded)) check.Error($"{place}.by", "workflow.assignBy", step.By);
        check.Formula(step.Formula, $"{place}.formula", FormulaType.Number, required: false);
    }

    protected override async Task<StepOutcome> RunAsync(AssignOwnerStep step, StepContext context, CancellationToken ct)
    {
        context.RequireRecord(step.Id);
        var chosen = step.User ?? (step.Formula is { } formula ? ToUser(context.Evaluate(formula, $"{step.Id}.formula")) : await FromGroupAsync(step, context, ct));
        if (chosen is not { } owner || (await context.Parts.Users.ActiveAmongAsync([owner], ct)).Count == 0)
            throw new Validation.ValidationFailedException([new($"{step.Id}", "workflow.noAssignee")]);
        await context.UpdateRecordAsync(Records.RecordService.OwnerPatch(owner), ct);
        return new StepOutcome(new JsonObject { ["owner"] = owner });
    }

    private static long? ToUser(object? value) => value is decimal number && number == decimal.Truncate(number) && number is > 0 and <= long.MaxValue ? (long)number : null;

    private static async Task<long?> FromGroupAsync(AssignOwnerStep step, StepContext context, CancellationToken ct)
    {
        var members = step.Role is { } role
            ? (await context.Parts.Roles.GetAsync(context.Model.AppKey, role, ct)).Members
            : (await context.Parts.Departments.MembersAsync(step.Department!.Value, ct)).Select(m => m.UserId).ToList();
        var candidates = await context.Parts.Users.ActiveAmongAsync(members.Distinct().ToList(), ct);
        if (candidates.Count == 0) return null;
        if (step.By == AssignOwnerStep.LeastLoaded)
        {
            var owned = await context.Records.OwnedAsync(context.Work, context.Model, candidates, ct);
            return candidates.OrderBy(c => owned[c]).ThenBy(c => c).First();
        }
        return await AssignTurns.NextAsync(context, step.Id, candidates, ct);
    }

    // Whose turn it is, or who holds fewest, is known only when it runs: the simulation names the group and the way.
    protected override Task<StepOutcome> SimulateAsync(AssignOwnerStep step, StepContext context, CancellationToken ct)
    {
        context.RequireRecord(step.Id);
        var chosen = step.User ?? (step.Formula is { } formula ? ToUser(context.Evaluate(formula, $"{step.Id}.formula")) : null);
        return Task.FromResult(new StepOutcome(chosen is { } owner ? new JsonObject { ["owner"] = owner }
            : new JsonObject { ["role"] = step.Role, ["department"] = step.Department, ["by"] = step.By ?? AssignOwnerStep.RoundRobin }));
    }
}
