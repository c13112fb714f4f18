namespace Platform.Engine.Records.Pipeline;

/// <summary>
/// One named step of the record pipeline. Steps run in <see cref="Order"/> (see <see cref="StepOrder"/>)
/// for the kinds of write they apply to. A later engine adds a step by registering one (a stage guard
/// at <see cref="StepOrder.StageRules"/>, a tag rule after <see cref="StepOrder.Write"/>); it never edits the others.
/// </summary>
public interface IRecordStep
{
    string Name { get; }

    int Order { get; }

    WriteKind AppliesTo { get; }

    /// <summary>
    /// True when the step must not run on a batch that already has errors (it touches the database or
    /// writes): the pipeline refuses the batch with every error found so far before such a step.
    /// </summary>
    bool NeedsValidInput { get; }

    /// <summary>True when the step runs without a database, so it also runs when a batch is only checked.</summary>
    bool RunsWhenChecking => !NeedsValidInput;

    /// <summary>
    /// True when, for this form, the step needs no database: it then runs before the write joins a transaction
    /// (or waits for the writer), so only the work that needs the database holds it.
    /// </summary>
    bool RunsBeforeTransaction(Models.FormModel model) => RunsWhenChecking;

    ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct);
}
