using System.Text.Json;
using Platform.Engine.Models;
using Platform.Engine.Records;
using Platform.Engine.Validation;

namespace Platform.Engine.Workflows.Hooks;

/// <summary>
/// A webhook call's JSON object as a run's input: each property named like a field of the workflow's form is read as
/// that field reads a value (leniently: "12" is a number), so formulas see it as a record's; other properties are left
/// out. A value a field cannot hold is an error named by its property.
/// </summary>
internal static class WebhookInput
{
    public static RecordData Parse(FormModel model, JsonElement body, ICollection<ValidationError> errors)
    {
        var input = new RecordData();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new("body", "type.object"));
            return input;
        }
        foreach (var property in body.EnumerateObject())
            if (model.Field(property.Name) is { } field && field.Codec.IsWritable && property.Value.ValueKind != JsonValueKind.Null)
                input.Values[field.Key] = field.Codec.Read(property.Value, property.Name, errors, lenient: true);
        return input;
    }

    /// <summary>The input a run was started with (checked when the call came), or nothing.</summary>
    public static RecordData Read(FormModel model, string? json)
    {
        if (json is null) return new RecordData();
        using var document = JsonDocument.Parse(json);
        return Parse(model, document.RootElement, new List<ValidationError>());
    }
}
