using System.Text.Json.Nodes;
using Platform.Engine.Validation;

namespace Platform.Engine.Records.Pipeline.Steps;

/// <summary>
/// Field rights: a field the caller may read but not edit is refused when sent (hidden ones were refused as unknown when
/// read). System fields are the engine's: an update that sends the record's id or who created, changed or deleted it with
/// another value than the record holds is refused, so nobody believes they changed them; sent back as they are, they pass
/// (a record read can be sent back). Times are the engine's too and simply ignored; so is everything a create sends of
/// them, since it makes a new record (a copy of one read).
/// </summary>
internal sealed class CheckAccessStep() : BuiltInStep("check-access", StepOrder.CheckAccess, WriteKind.Change, needsValidInput: false)
{
    private static readonly HashSet<string> Identities =
        [Forms.SystemFields.Id, Forms.SystemFields.CreatedBy, Forms.SystemFields.UpdatedBy, Forms.SystemFields.DeletedBy];

    public override ValueTask RunAsync(RecordWriteBatch batch, CancellationToken ct)
    {
        var view = batch.Caller.Fields(batch.Model);
        foreach (var item in batch.Items)
        {
            if (!view.IsAll)
            {
                foreach (var key in item.Sent.Keys.Where(k => view.CanRead(k) && !view.CanEdit(k)))
                    batch.Errors.Add(new ValidationError(item.Prefix + key, "field.readOnly"));
            }
            if (item.SentSystem is not { Count: > 0 } sent || item.Current is null) continue;
            var current = RecordJson.ToJson(batch.Model, item.Current);
            foreach (var (key, value) in sent.Where(s => Identities.Contains(s.Key)))
            {
                var held = current[key];
                var same = held is null ? value.ValueKind == System.Text.Json.JsonValueKind.Null : JsonNode.DeepEquals(held, JsonNode.Parse(value.GetRawText()));
                if (!same) batch.Errors.Add(new ValidationError(item.Prefix + key, "field.system"));
            }
        }
        return ValueTask.CompletedTask;
    }
}
