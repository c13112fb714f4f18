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

    /// <summary>The steps in the order they run, by name.</summary>
    public IReadOnlyList<string> StepNames(WriteKind kind) => _steps.Where(s => (s.AppliesTo & kind) != 0).Select(s => s.Name).ToList();

    public async Task RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        foreach (var step in _steps)
        {
            if ((step.AppliesTo & batch.Kind) == 0) continue;
            if (batch.CheckOnly && !step.RunsWhenChecking) continue;
            if (step.NeedsValidInput && batch.Errors.Count > 0) throw new ValidationFailedException(batch.Errors);
            await step.RunAsync(batch, ct);
        }
        if (batch.Errors.Count > 0 && !batch.CheckOnly) throw new ValidationFailedException(batch.Errors);
    }
}
