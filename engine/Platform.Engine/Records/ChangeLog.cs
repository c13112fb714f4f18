using System.Text.Json.Nodes;
using Platform.Engine.Forms;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Dialects;

namespace Platform.Engine.Records;

/// <summary>One field's change: old and new value as JSON.</summary>
public sealed record FieldChange(string Field, JsonNode? Old, JsonNode? New);

/// <summary>
/// Writes, in the record's own transaction, the history entry people read and the outbox event
/// the workflow engine and webhooks consume. If the change rolls back, so do both.
/// </summary>
internal sealed class ChangeLog(SqlDialect dialect)
{
    private readonly string _history = dialect.Insert("pf_history", ["form_id", "record_id", "record_version", "kind", "changes", "user_id", "at"]);
    private readonly string _outbox = dialect.Insert("pf_outbox", ["form_id", "record_id", "kind", "payload", "user_id", "at"]);

    public async Task WriteAsync(CommandCache commands, FormModel model, RecordData record, string kind, IReadOnlyList<FieldChange>? changes,
        JsonObject? snapshot, CancellationToken ct)
    {
        var at = dialect.ToDb(ColumnType.DateTime, record.UpdatedAt);
        JsonArray? changeJson = changes is null ? null : new JsonArray(changes.Select(c => (JsonNode)new JsonObject
        {
            ["field"] = c.Field, ["old"] = c.Old?.DeepClone(), ["new"] = c.New?.DeepClone(),
        }).ToArray());
        await commands.ExecuteAsync(_history, [model.FormId, record.Id, record.Version, kind, changeJson?.ToJsonString(), record.UpdatedBy, at], ct);

        var payload = new JsonObject
        {
            ["event"] = "record." + kind,
            ["app"] = model.AppKey,
            ["form"] = model.Key,
            ["formVersion"] = model.Version,
            ["recordId"] = record.Id,
            ["version"] = record.Version,
            ["userId"] = record.UpdatedBy,
            ["changes"] = changeJson,
            ["record"] = snapshot,
        };
        await commands.ExecuteAsync(_outbox, [model.FormId, record.Id, "record." + kind, payload.ToJsonString(), record.UpdatedBy, at], ct);
    }
}
