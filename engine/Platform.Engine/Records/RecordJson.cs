using Platform.Engine.Models;
using System.Text.Json.Nodes;
using Platform.Engine.Forms;
using Platform.Engine.Values;

namespace Platform.Engine.Records;

/// <summary>A record as integrators see it: system fields, then field keys → values.</summary>
public static class RecordJson
{
    public static JsonObject ToJson(FormModel model, RecordData record)
    {
        var json = new JsonObject
        {
            ["id"] = record.Id,
            ["version"] = record.Version,
            ["createdAt"] = DateTimeCodec.Format(record.CreatedAt),
            ["createdBy"] = record.CreatedBy,
            ["updatedAt"] = DateTimeCodec.Format(record.UpdatedAt),
            ["updatedBy"] = record.UpdatedBy,
            ["owner"] = record.Owner,
        };
        if (record.DeletedAt is { } deletedAt)
        {
            json["deletedAt"] = DateTimeCodec.Format(deletedAt);
            json["deletedBy"] = record.DeletedBy;
        }
        foreach (var field in model.Fields)
            if (record.Values.TryGetValue(field.Key, out var value))
                json[field.Key] = field.Codec.Write(value);
        return json;
    }
}
