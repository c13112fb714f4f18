namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>
/// Dynamic tags: after the formulas, each tag rule puts its tag on the record while its condition holds and takes it off
/// when it does not, on every write and recompute (the daily look again is a recompute). A condition that errs leaves its
/// tag as it was. What changed is kept by <see cref="LogTagsStep"/>.
/// </summary>
internal sealed class ApplyTagRulesStep(RecordStore store)
    : BuiltInStep("apply-tag-rules", StepOrder.ComputeFormulas + 10, WriteKind.Change | WriteKind.Recompute, needsValidInput: true)
{
    public override ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        var rules = batch.Model.TagConditions;
        if (rules.Count == 0) return ValueTask.CompletedTask;
        foreach (var item in batch.Items)
            foreach (var (rule, condition) in rules)
            {
                if (store.Checks.Formulas.Holds(condition, batch.Script, new RecordFormulaValues(item.Values, item.Current?.Values, item.Lookups)) is not { } holds) continue;
                var tags = (item.Values.GetValueOrDefault(rule.Field) as IEnumerable<string> ?? []).ToList();
                if (holds == tags.Contains(rule.Tag)) continue;
                if (holds) tags.Add(rule.Tag);
                else tags.Remove(rule.Tag);
                item.Values[rule.Field] = tags;
            }
        return ValueTask.CompletedTask;
    }
}
