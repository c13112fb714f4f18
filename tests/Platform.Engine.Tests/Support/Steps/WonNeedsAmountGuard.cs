using Platform.Engine.Records.Pipeline;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Support.Steps;

/// <summary>A stage guard as the workflow engine will register one: from outside the records namespace, at its own place.</summary>
public sealed class WonNeedsAmountGuard : IRecordStep
{
    public List<string> Seen { get; } = [];

    public string Name => "won-needs-amount";

    public int Order => StepOrder.StageRules;

    public WriteKind AppliesTo => WriteKind.Change;

    public bool NeedsValidInput => true;

    public ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        foreach (var item in batch.Items)
        {
            Seen.Add($"{batch.Kind} total={item.Values.GetValueOrDefault("total")} written={item.Result is not null}");
            if (item.Values.GetValueOrDefault("stage") as string == "won" && item.Values.GetValueOrDefault("amount") is null)
                batch.Errors.Add(new ValidationError(item.Prefix + "stage", "stage.gate"));
        }
        return ValueTask.CompletedTask;
    }
}
