using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Workflows.Definitions;

namespace Platform.Designer.Forms;

/// <summary>
/// A stage's time limit, kept as what it is to the engine: a workflow on "the record has been in this stage for a while"
/// (a condition-held trigger, timed by a stored due time and replayed after downtime) that tells the owner and their
/// manager. The stage map sets its time; everything else about it can be changed in the workflow designer and is kept.
/// </summary>
public static class StageSla
{
    /// <summary>The workflow's key for a stage: readable when the stage's key allows it.</summary>
    public static string Key(string field, string stage)
    {
        var key = $"sla_{field}_{stage}";
        if (FormKeys.IsValid(key)) return key;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stage)))[..8];
        return $"sla_{field[..Math.Min(field.Length, 50)]}_{hash}";
    }

    /// <summary>How long the stage may last, when <paramref name="workflow"/> is a stage limit.</summary>
    public static TimeSpan? Limit(WorkflowDefinition workflow) =>
        workflow.Trigger is ConditionHeldTrigger held ? new TimeSpan(held.Days, held.Hours, held.Minutes, 0) : null;

    /// <summary>
    /// The workflow limiting <paramref name="stage"/> of <paramref name="field"/> to <paramref name="limit"/>: the one there
    /// with only its time changed, or a new one telling the record's owner and the owner's manager.
    /// </summary>
    public static WorkflowDefinition Workflow(string form, string field, SelectOption stage, TimeSpan limit, WorkflowDefinition? existing)
    {
        if (existing?.Trigger is ConditionHeldTrigger held)
            return existing with { Trigger = held with { Days = limit.Days, Hours = limit.Hours, Minutes = limit.Minutes } };
        var (zh, en) = (Label(stage, "zh-CN"), Label(stage, "en"));
        return new WorkflowDefinition
        {
            Key = Key(field, stage.Key),
            Name = new LocalizedText(ImmutableSortedDictionary.CreateRange(new Dictionary<string, string>
            {
                ["en"] = $"Time limit in {en}",
                ["zh-CN"] = $"「{zh}」阶段时限",
            })),
            Form = form,
            Trigger = new ConditionHeldTrigger { Condition = $"{field} = {Text(stage.Key)}", Days = limit.Days, Hours = limit.Hours, Minutes = limit.Minutes },
            Steps =
            [
                new NotifyStep
                {
                    Id = "remind",
                    To = [new Recipient { Field = SystemFields.Owner }, new Recipient { ManagerOf = SystemFields.Owner }],
                    Title = Text($"「{zh}」阶段超时 / Over the time limit in {en}"),
                },
            ],
        };
    }

    private static string Label(SelectOption option, string culture) => option.Label?.Resolve(CultureInfo.GetCultureInfo(culture)) ?? option.Key;

    // A text in a formula, quotes inside doubled as Excel does.
    private static string Text(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";
}
