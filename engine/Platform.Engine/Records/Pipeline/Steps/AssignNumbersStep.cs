using Platform.Engine.Forms.Fields;
using Platform.Engine.Values;

namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>
/// Autonumbers, from the form's sequences in the write's transaction: a new record takes the next number
/// of each autonumber field, and each subform row without one takes the next of its column's sequence. A
/// row sent back with a number this record's rows already had keeps it, so editing a row does not renumber it.
/// </summary>
internal sealed class AssignNumbersStep(RecordStore store) : BuiltInStep("assign-numbers", StepOrder.AssignNumbers, WriteKind.Change, needsValidInput: true)
{
    public override async ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        var model = batch.Model;
        var commands = batch.RequireWork().Commands;
        Task<string> NextAsync(AutoNumberField field, string sequence) =>
            AutoNumbers.NextAsync(commands, store.Database.Dialect, model.FormId, field, sequence, batch.Now, batch.Caller.TimeZone, ct);

        foreach (var item in batch.Items)
        {
            if (batch.Kind == WriteKind.Create)
                foreach (var field in model.Fields.Where(f => f.Traits.Generated))
                    item.Values[field.Key] = await NextAsync((AutoNumberField)field.Definition, field.Key);

            foreach (var subform in model.Fields.Where(f => f.Children.Any(c => c.Traits.Generated)))
            {
                if (!item.Sent.ContainsKey(subform.Key) && batch.Kind == WriteKind.Update) continue;
                if (item.Values.GetValueOrDefault(subform.Key) is not List<SubformRow> rows) continue;
                foreach (var column in subform.Children.Where(c => c.Traits.Generated))
                {
                    var had = (item.Current?.Values.GetValueOrDefault(subform.Key) as List<SubformRow> ?? [])
                        .Select(r => r.GetValueOrDefault(column.Key) as string).OfType<string>().ToHashSet(StringComparer.Ordinal);
                    var kept = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var row in rows)
                    {
                        // A number is kept once, and only if this record's rows had it; anything else sent is ignored.
                        if (row.GetValueOrDefault(column.Key) is string number && had.Contains(number) && kept.Add(number)) continue;
                        row[column.Key] = await NextAsync((AutoNumberField)column.Definition, $"{subform.Key}.{column.Key}");
                    }
                }
            }
        }
    }
}
