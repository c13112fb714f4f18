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
        foreach (var name in SystemFields.All)
        {
            // A live record does not show the recycle bin's fields.
            if (record.DeletedAt is null && name is SystemFields.DeletedAt or SystemFields.DeletedBy) continue;
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
}
