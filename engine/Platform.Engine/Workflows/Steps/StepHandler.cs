using System.Text.Json.Nodes;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Engine.Workflows.Steps;

/// <summary>What a step did: where the run goes next when the step chooses (a branch), and what the run's log keeps of it.</summary>
public sealed record StepOutcome(JsonObject? Output = null)
{
    /// <summary>The step the run goes to instead of the usual next one; <see cref="ChoseEnd"/> when it chose to end.</summary>
    public string? Chosen { get; init; }

    public bool ChoseEnd { get; init; }

    /// <summary>When the run goes on with its next step, if it waits first (a delay).</summary>
    public DateTime? WaitUntil { get; init; }

    /// <summary>
    /// The run stays on this step and waits on people (an approval): until they act, which wakes it, or until
    /// <see cref="WaitUntil"/> when given; the step runs again then and says where to go.
    /// </summary>
    public bool Stays { get; init; }

    /// <summary>While it <see cref="Stays"/>, a change of the run's record wakes it to look again (a wait for a condition).</summary>
    public bool WakesOnChange { get; init; }
}

/// <summary>
/// Everything about one kind of step: what publishing checks of it and what running it does. One handler per kind,
/// found by <see cref="StepHandlers.For"/>; a new kind adds a handler and its pinned name, and edits nothing else.
/// </summary>
internal abstract class StepHandler
{
    public abstract Type StepType { get; }

    public abstract void Check(WorkflowStep step, WorkflowCheck check, string place);

    /// <summary>Does the step's work in the run's transaction (<see cref="StepContext.Work"/>): it commits with the run's progress or not at all.</summary>
    public abstract Task<StepOutcome> RunAsync(WorkflowStep step, StepContext context, CancellationToken ct);

    /// <summary>
    /// What the step does outside the database before its transaction (a call to another system), so no transaction, and
    /// no writer, waits on the network; its answer reaches <see cref="RunAsync"/> as <see cref="StepContext.Called"/>.
    /// </summary>
    public virtual Task<JsonObject?> CallAsync(WorkflowStep step, StepContext context, CancellationToken ct) => Task.FromResult<JsonObject?>(null);

    /// <summary>
    /// What the step would do, worked out without doing it (no write, no call, no transaction): the designer's test run.
    /// A step whose running changes nothing (a branch, a delay) simulates by running.
    /// </summary>
    public abstract Task<StepOutcome> SimulateAsync(WorkflowStep step, StepContext context, CancellationToken ct);
}

internal abstract class StepHandler<TStep> : StepHandler where TStep : WorkflowStep
{
    public sealed override Type StepType => typeof(TStep);

    public sealed override void Check(WorkflowStep step, WorkflowCheck check, string place) => Check((TStep)step, check, place);

    public sealed override Task<StepOutcome> RunAsync(WorkflowStep step, StepContext context, CancellationToken ct) => RunAsync((TStep)step, context, ct);

    protected abstract void Check(TStep step, WorkflowCheck check, string place);

    protected abstract Task<StepOutcome> RunAsync(TStep step, StepContext context, CancellationToken ct);

    public sealed override Task<JsonObject?> CallAsync(WorkflowStep step, StepContext context, CancellationToken ct) => CallAsync((TStep)step, context, ct);

    protected virtual Task<JsonObject?> CallAsync(TStep step, StepContext context, CancellationToken ct) => Task.FromResult<JsonObject?>(null);

    public sealed override Task<StepOutcome> SimulateAsync(WorkflowStep step, StepContext context, CancellationToken ct) => SimulateAsync((TStep)step, context, ct);

    protected virtual Task<StepOutcome> SimulateAsync(TStep step, StepContext context, CancellationToken ct) => RunAsync(step, context, ct);
}

/// <summary>The handler of each kind of step.</summary>
internal static class StepHandlers
{
    private static readonly Dictionary<Type, StepHandler> ByType = new StepHandler[]
    {
        new UpdateRecordHandler(), new CreateRecordHandler(), new NotifyHandler(), new BranchHandler(), new DelayHandler(), new ReturnToPoolHandler(), new AssignOwnerHandler(), new CallWebhookHandler(), new ApprovalHandler(), new CreateTaskHandler(), new GroupMessageHandler(), new WaitForHandler(), new SetStageHandler(), new TagHandler(), new ClaimHandler(),
    }.ToDictionary(h => h.StepType);

    public static StepHandler For(WorkflowStep step) =>
        ByType.GetValueOrDefault(step.GetType()) ?? throw new InvalidOperationException($"No handler for the step type {step.GetType().Name}.");
}
