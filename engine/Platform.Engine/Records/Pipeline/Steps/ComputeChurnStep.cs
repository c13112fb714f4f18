using Platform.Engine.Scripting;

namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>
/// The churn warning: after the formulas (and before the tag rules, which may read the level), each record's score is
/// the sum of its factors (each held between 0 and 1, times its weight), and its level the highest whose threshold the
/// score reaches, or none. A factor that errs counts as 0. Who is told is the workflow engine's step (churn-warnings).
/// </summary>
internal sealed class ComputeChurnStep(RecordStore store)
    : BuiltInStep("compute-churn", StepOrder.ComputeFormulas + 5, WriteKind.Change | WriteKind.Recompute, needsValidInput: true)
{
    public override ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        if (batch.Model.Definition.Churn is not { } churn) return ValueTask.CompletedTask;
        foreach (var item in batch.Items)
        {
            var score = 0m;
            foreach (var (factor, formula) in batch.Model.ChurnFactors)
            {
                try
                {
                    var result = store.Checks.Formulas.Evaluate(formula, batch.Script, new RecordFormulaValues(item.Values, item.Current?.Values, item.Lookups));
                    if (!result.IsError && result.Value is decimal value) score += Math.Clamp(value, 0m, 1m) * factor.Weight;
                }
                catch (ScriptException)
                {
                    // A factor that cannot be worked out gives no sign.
                }
            }
            score = Math.Round(score, 2);
            item.Values[churn.ScoreField] = score;
            item.Values[churn.LevelField] = churn.Levels.LastOrDefault(l => score >= l.From)?.Level;
        }
        return ValueTask.CompletedTask;
    }
}
