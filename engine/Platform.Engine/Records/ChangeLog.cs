using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Engine.Models;
using Platform.Engine.Records.Pipeline;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Dialects;

namespace Platform.Engine.Records;

/// <summary>One field's change: old and new value as JSON.</summary>
public sealed record FieldChange(string Field, JsonNode? Old, JsonNode? New);

/// <summary>
/// Writes, in the record's own transaction, the history entry people read and the outbox event
/// the workflow engine and webhooks consume. If the change rolls back, so do both. Events name the
/// record and, for updates, what changed; a consumer that needs the values reads the record.
/// </summary>
internal sealed class ChangeLog(SqlDialect dialect)
{
    private readonly string _history = dialect.Insert("pf_history",
        ["form_id", "record_id", "record_version", "kind", "changes", "user_id", "at", "actor_kind", "actor_ref", "warnings"]);
    private readonly string _outbox = dialect.Insert("pf_outbox", ["form_id", "record_id", "kind", "payload", "user_id", "at", "actor_kind", "actor_ref"]);
    private readonly string _outboxDispatched = dialect.Insert("pf_outbox",
        ["form_id", "record_id", "kind", "payload", "user_id", "at", "actor_kind", "actor_ref", "dispatched_at"]);

    public async Task WriteAsync(CommandCache commands, FormModel model, RecordData record, string kind, IReadOnlyList<FieldChange>? changes,
        Actor actor, IReadOnlyList<WriteWarning> warnings, CancellationToken ct)
    {
        var at = dialect.ToDb(ColumnType.DateTime, record.UpdatedAt);
        var changeJson = changes is null ? null : Write(json => WriteChanges(json, changes));
        var warningJson = warnings.Count == 0 ? null : Write(json => WriteWarnings(json, warnings));
        await commands.QueueAsync(_history,
            [model.FormId, record.Id, record.Version, kind, changeJson, record.UpdatedBy, at, actor.Kind, actor.Ref, warningJson], ct);

        var payload = Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("event", "record." + kind);
            json.WriteString("app", model.AppKey);
            json.WriteString("form", model.Key);
            json.WriteNumber("formVersion", model.Version);
            json.WriteNumber("recordId", record.Id);
            json.WriteNumber("version", record.Version);
            if (record.UpdatedBy is { } user) json.WriteNumber("userId", user);
            else json.WriteNull("userId");
            json.WriteStartObject("actor");
            json.WriteString("kind", actor.Kind);
            if (actor.Ref is { } reference) json.WriteString("ref", reference);
            json.WriteEndObject();
            if (changes is not null)
            {
                json.WritePropertyName("changes");
                WriteChanges(json, changes);
            }
            json.WriteEndObject();
        });
        if (actor.StartsWorkflows) await commands.QueueAsync(_outbox, [model.FormId, record.Id, "record." + kind, payload, record.UpdatedBy, at, actor.Kind, actor.Ref], ct);
        else await commands.QueueAsync(_outboxDispatched, [model.FormId, record.Id, "record." + kind, payload, record.UpdatedBy, at, actor.Kind, actor.Ref, at], ct);
    }

    public static IReadOnlyList<FieldChange> ReadChanges(string? json) => json is null
        ? []
        : JsonNode.Parse(json)!.AsArray().Select(c => new FieldChange((string)c!["field"]!, c["old"]?.DeepClone(), c["new"]?.DeepClone())).ToList();

    public static IReadOnlyList<WriteWarning> ReadWarnings(string? json) => json is null
        ? []
        : JsonNode.Parse(json)!.AsArray().Select(w => new WriteWarning((string)w!["field"]!, (string)w["code"]!)).ToList();

    /// <summary>Entries written before actors were recorded were all made by people (or the system, without a user).</summary>
    public static Actor ReadActor(string? kind, string? reference, long? userId) =>
        new(kind ?? (userId is null ? Actor.SystemKind : Actor.UserKind), userId, reference);

    private static void WriteWarnings(Utf8JsonWriter json, IReadOnlyList<WriteWarning> warnings)
    {
        json.WriteStartArray();
        foreach (var warning in warnings)
        {
            json.WriteStartObject();
            json.WriteString("field", warning.Field);
            json.WriteString("code", warning.Code);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteChanges(Utf8JsonWriter json, IReadOnlyList<FieldChange> changes)
    {
        json.WriteStartArray();
        foreach (var change in changes)
        {
            json.WriteStartObject();
            json.WriteString("field", change.Field);
            json.WritePropertyName("old");
            WriteNode(json, change.Old);
            json.WritePropertyName("new");
            WriteNode(json, change.New);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteNode(Utf8JsonWriter json, JsonNode? node)
    {
        if (node is null) json.WriteNullValue();
        else node.WriteTo(json);
    }

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // One buffer and writer per thread, reset for each entry: a bulk write logs two entries a record.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_json;

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var json = t_json ??= new Utf8JsonWriter(buffer, WriterOptions);
        json.Reset(buffer);
        write(json);
        json.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
