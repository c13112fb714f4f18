using Platform.Engine.Storage;

namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>
/// Every tag a tag rule put on or took off, in the write's transaction: the tag, on or off, the rule, who (which actor)
/// and when, at which version of the record.
/// </summary>
internal sealed class LogTagsStep(RecordStore store) : BuiltInStep("log-tags", StepOrder.LogChange + 7, WriteKind.Change | WriteKind.Recompute, needsValidInput: true)
{
    private readonly string _insert = store.Database.Dialect.Insert("pf_tag_history",
        ["form_id", "record_id", "record_version", "field_key", "tag", "added", "rule_key", "actor_kind", "actor_ref", "at"]);

    public override async ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        var rules = batch.Model.Definition.TagRules;
        if (rules.Count == 0) return;
        var dialect = store.Database.Dialect;
        var commands = batch.RequireWork().Commands;
        foreach (var item in batch.Items.Where(i => i.Result is not null && !i.Unchanged))
            foreach (var rule in rules)
            {
                var before = (item.Current?.Values.GetValueOrDefault(rule.Field) as IEnumerable<string>)?.Contains(rule.Tag) == true;
                var after = (item.Result!.Values.GetValueOrDefault(rule.Field) as IEnumerable<string>)?.Contains(rule.Tag) == true;
                if (before == after) continue;
                var actor = batch.Caller.Actor;
                await commands.QueueAsync(_insert, [batch.Model.FormId, item.Result.Id, item.Result.Version, rule.Field, rule.Tag,
                    dialect.ToDb(ColumnType.Boolean, after), rule.Key, actor.Kind, actor.Ref, dialect.ToDb(ColumnType.DateTime, item.Result.UpdatedAt)], ct);
            }
    }
}
