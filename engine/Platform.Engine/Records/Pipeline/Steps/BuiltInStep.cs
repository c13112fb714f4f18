namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>The engine's own steps: a name, a place, the kinds they apply to.</summary>
internal abstract class BuiltInStep(string name, int order, WriteKind appliesTo, bool needsValidInput) : IRecordStep
{
    public string Name => name;

    public int Order => order;

    public WriteKind AppliesTo => appliesTo;

    public bool NeedsValidInput => needsValidInput;

    public bool RunsWhenChecking => !needsValidInput;

    public virtual bool RunsBeforeTransaction(Models.FormModel model) => RunsWhenChecking;

    public abstract ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct);

    /// <summary>The built-in steps, in no particular order: the pipeline sorts them.</summary>
    public static IEnumerable<IRecordStep> All(RecordStore store) =>
    [
        new ReadPayloadStep(),
        new LoadCurrentStep(store),
        new ApplyDefaultsStep(store),
        new CheckAccessStep(),
        new CheckRequiredStep(store),
        new ComputeRollupsStep(store),
        new ComputeFormulasStep(store),
        new ComputeChurnStep(store),
        new ApplyTagRulesStep(store),
        new CheckRulesStep(store),
        new CheckStagesStep(store),
        new CheckReferencesStep(store),
        new CheckPoolStep(store),
        new AssignNumbersStep(store),
        new DiffStep(),
        new CheckDuplicatesStep(store),
        new WriteStep(store),
        new IndexSearchStep(store),
        new CheckScopeAfterWriteStep(store),
        new LogChangeStep(store),
        new LogStagesStep(store),
        new LogPoolStep(store),
        new LogTagsStep(store),
        new RefreshDependentsStep(store),
        new RefreshRollupsStep(store),
    ];
}
