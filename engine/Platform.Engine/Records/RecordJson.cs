using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Engine.Forms;
using Platform.Engine.Models;
using Platform.Engine.Values;

namespace Platform.Engine.Records;

/// <summary>A record as integrators see it: system fields, then field keys → values.</summary>
public static class RecordJson
{
    public static JsonObject ToJson(FormModel model, RecordData record)
    {
        var json = new JsonObject();
        foreach (var name in Shown(record))
        {
            json[name] = record.Get(name) switch
            {
                DateTime instant => DateTimeCodec.Format(instant),
                long number => number,
                _ => null,
            };
        }
        foreach (var field in model.Fields)
            if (record.Values.TryGetValue(field.Key, out var value))
                json[field.Key] = field.Codec.Write(value);
        return json;
    }

    private static readonly string[] LiveSystemFields = [.. SystemFields.All.Where(n => n is not (SystemFields.DeletedAt or SystemFields.DeletedBy))];

    /// <summary>The system fields a record shows: a live record does not show the recycle bin's.</summary>
    private static IEnumerable<string> Shown(RecordData record) => record.DeletedAt is null ? LiveSystemFields : SystemFields.All;

    /// <summary>
    /// The same object as <see cref="ToJson"/>, written straight to <paramref name="json"/> (a page of records without a
    /// node for each value); with <paramref name="fields"/>, only those and the id and version.
    /// </summary>
    public static void WriteTo(Utf8JsonWriter json, FormModel model, RecordData record, IReadOnlyCollection<string>? fields = null)
    {
        json.WriteStartObject();
        foreach (var name in Shown(record))
        {
            if (fields is not null && !fields.Contains(name) && name is not (SystemFields.Id or SystemFields.Version)) continue;
            json.WritePropertyName(name);
            switch (record.Get(name))
            {
                case DateTime instant:
                    json.WriteStringValue(DateTimeCodec.Format(instant));
                    break;
                case long number:
                    json.WriteNumberValue(number);
                    break;
                default:
                    json.WriteNullValue();
                    break;
            }
        }
        foreach (var field in model.Fields)
        {
            if (fields is not null && !fields.Contains(field.Key)) continue;
            if (!record.Values.TryGetValue(field.Key, out var value)) continue;
            json.WritePropertyName(field.Key);
            field.Codec.WriteTo(json, value);
        }
        json.WriteEndObject();
    }
}
