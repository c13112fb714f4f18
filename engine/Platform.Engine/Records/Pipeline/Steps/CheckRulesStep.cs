namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>The form's rules, after the formulas they may read. A rule about a field that already failed its own check is not run.</summary>
internal sealed class CheckRulesStep(RecordStore store) : BuiltInStep("check-rules", StepOrder.CheckRules, WriteKind.Change, needsValidInput: false)
{
    public override bool RunsBeforeTransaction(Models.FormModel model) => model.Lookups.Count == 0;

    public override ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        var model = batch.Model;
        if (model.Rules.Count == 0 || (model.Lookups.Count > 0 && batch.CheckOnly)) return ValueTask.CompletedTask;
        var failing = batch.Errors.Select(e => e.Field).ToHashSet(StringComparer.Ordinal);
        foreach (var item in batch.Items)
            store.Checks.CheckRules(model, item.Values, item.Current?.Values, item.Lookups, batch.Script, item.Prefix, failing, batch.Errors);
        return ValueTask.CompletedTask;
    }
}
