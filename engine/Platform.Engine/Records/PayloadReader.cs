using System.Text.Json;
using Platform.Engine.Forms;
using Platform.Engine.Models;
using Platform.Engine.Validation;
using Platform.Engine.Values;

namespace Platform.Engine.Records;

/// <summary>What a create or update payload asked for.</summary>
/// <param name="OwnerSent">Whether <c>owner</c> was sent at all: sent as null, it puts the record in the public pool.</param>
/// <param name="System">The read-only system fields sent (a record sent back as read); a write may not change them.</param>
internal sealed record Payload(Dictionary<string, object?> Values, long? Owner, long? Version, bool OwnerSent = false,
    IReadOnlyDictionary<string, JsonElement>? System = null);

/// <summary>
/// Reads a record payload: every property must be a field of the form or a system field.
/// System fields other than <c>owner</c> and <c>version</c>, and computed fields, are read-only
/// and ignored, so a record read from the API can be sent back as it is. A field the caller cannot
/// see is refused as unknown, so its existence is not given away.
/// </summary>
internal static class PayloadReader
{
    public static Payload Read(FormModel model, JsonElement payload, string prefix, FieldView view, List<ValidationError> errors)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        long? owner = null, version = null;
        var ownerSent = false;
        Dictionary<string, JsonElement>? system = null;
        if (payload.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(prefix.Length > 0 ? prefix.TrimEnd('.') : ValidationError.FormLevel, "type.object"));
            return new Payload(values, null, null);
        }
        foreach (var property in payload.EnumerateObject())
        {
            var path = prefix + property.Name;
            if (model.Field(property.Name) is { } field && view.CanRead(field.Key))
            {
                if (field.Codec.IsWritable) values[field.Key] = field.Codec.Read(property.Value, path, errors);
            }
            else if (property.Name == SystemFields.Owner)
            {
                owner = new IdCodec().Read(property.Value, path, errors) as long?;
                ownerSent = true;
            }
            else if (property.Name == SystemFields.Version)
            {
                if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt64(out var v) && v > 0) version = v;
                else if (property.Value.ValueKind != JsonValueKind.Null) errors.Add(new(path, "type.integer"));
            }
            else if (model.Field(property.Name) is not null || !SystemFields.Names.Contains(property.Name))
            {
                errors.Add(new(path, "unknownField", property.Name));
            }
            else if (property.Name != SystemFields.Warnings)
            {
                (system ??= new(StringComparer.Ordinal))[property.Name] = property.Value;
            }
        }
        return new Payload(values, owner, version, ownerSent, system);
    }
}
