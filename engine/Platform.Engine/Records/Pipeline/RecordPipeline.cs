using Platform.Engine.Validation;

namespace Platform.Engine.Records.Pipeline;

/// <summary>
/// The one path every record write takes: an ordered list of named steps. Errors gather across the
/// checking steps so a caller sees every problem at once; before the first step that needs valid
/// input, a batch with errors is refused and nothing has been written.
/// </summary>
public sealed class RecordPipeline
{
    private readonly IRecordStep[] _steps;

    public RecordPipeline(IEnumerable<IRecordStep> steps) =>
        _steps = steps.Select((step, index) => (step, index)).OrderBy(s => s.step.Order).ThenBy(s => s.index).Select(s => s.step).ToArray();

    private static bool Applies(IRecordStep step, WriteKind kind) => (step.AppliesTo & kind) != 0;

    /// <summary>The steps in the order they run, by name.</summary>
    public IReadOnlyList<string> StepNames(WriteKind kind) => _steps.Where(s => Applies(s, kind)).Select(s => s.Name).ToList();

    /// <summary>
    /// Runs the leading steps that need no database for this form (reading the payload, defaults, field rights,
    /// required fields, formulas and rules without lookups) before the write joins a transaction, so a write holds
    /// the database (or its place in the writer's group) only for what needs it. Returns where the rest starts;
    /// a batch whose errors would stop the next step is refused here, before any transaction.
    /// </summary>
    public async Task<int> RunBeforeTransactionAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        var next = 0;
        for (; next < _steps.Length; next++)
        {
            var step = _steps[next];
            if (!Applies(step, batch.Kind)) continue;
            if (!step.RunsBeforeTransaction(batch.Model)) break;
            await step.RunAsync(batch, ct);
        }
        if (batch.Errors.Count > 0 && _steps.Skip(next).FirstOrDefault(s => Applies(s, batch.Kind)) is null or { NeedsValidInput: true })
            throw new ValidationFailedException(batch.Errors);
        return next;
    }

    /// <summary>Runs the steps from <paramref name="from"/> on (all of them by default).</summary>
    public async Task RunAsync(RecordWriteBatch batch, CancellationToken ct, int from = 0)
    {
        foreach (var step in _steps.Skip(from))
        {
            if (!Applies(step, batch.Kind)) continue;
            if (batch.CheckOnly && !step.RunsWhenChecking) continue;
            if (step.NeedsValidInput && batch.Errors.Count > 0) throw new ValidationFailedException(batch.Errors);
            await step.RunAsync(batch, ct);
        }
        if (batch.Errors.Count > 0 && !batch.CheckOnly) throw new ValidationFailedException(batch.Errors);
    }
}
