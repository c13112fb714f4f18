using System.Text.Json.Nodes;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Engine.Workflows.Steps;

/// <summary>
/// Claims the run's record from the public pool for a person (the one whose change started the run, or the person
/// <see cref="ClaimStep.For"/> names), under the pool's rules for them (claims a day, records held, the protection
/// time): a claim the rules refuse, or of a record someone owns, fails the run with why.
/// </summary>
internal sealed class ClaimHandler : StepHandler<ClaimStep>
{
    protected override void Check(ClaimStep step, WorkflowCheck check, string place)
    {
        if (step.For is { } person) check.Recipients([person], $"{place}.for", "workflow.noClaimer");
    }

    protected override async Task<StepOutcome> RunAsync(ClaimStep step, StepContext context, CancellationToken ct)
    {
        var record = context.RequireRecord(step.Id);
        var claimer = await ClaimerAsync(step, context, ct);
        if (record.Owner == claimer) return new StepOutcome(new JsonObject { ["owner"] = claimer, ["already"] = true });
        if (record.Owner is not null) throw new Validation.ConflictException("record.claimed", record.Id);
        // The claim is the claimer's as the pool counts it, made by the workflow as its history shows.
        var caller = context.Caller with { Actor = Records.Actor.Workflow(context.Caller.Actor.Ref ?? "", claimer) };
        await context.UpdateRecordAsync(Records.RecordService.OwnerPatch(claimer), ct, claims: true, caller: caller);
        return new StepOutcome(new JsonObject { ["owner"] = claimer });
    }

    protected override async Task<StepOutcome> SimulateAsync(ClaimStep step, StepContext context, CancellationToken ct) =>
        new(new JsonObject { ["owner"] = await ClaimerAsync(step, context, ct), ["ownedNow"] = context.RequireRecord(step.Id).Owner });

    private static async Task<long> ClaimerAsync(ClaimStep step, StepContext context, CancellationToken ct)
    {
        var people = step.For is { } person ? await context.RecipientsAsync([person], ct) : context.Caller.UserId is { } user ? [user] : [];
        var active = await context.Parts.Users.ActiveAmongAsync(people, ct);
        return active.Count > 0 ? active[0] : throw new Validation.ValidationFailedException([new($"{step.Id}.for", "workflow.noClaimer")]);
    }
}
