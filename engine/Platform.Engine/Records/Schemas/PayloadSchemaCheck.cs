using System.Runtime.CompilerServices;
using System.Text.Json;
using NJsonSchema;
using NJsonSchema.Validation;
using Platform.Engine.Models;
using ValidationError = Platform.Engine.Validation.ValidationError;

namespace Platform.Engine.Records.Schemas;

/// <summary>
/// Validates API payloads against the form's JSON Schema and words each finding as the engine's
/// own error codes. Schemas are built once per form version.
/// </summary>
public static class PayloadSchemaCheck
{
    // Keyed by the compiled model itself: ids repeat across databases, models do not.
    private static readonly ConditionalWeakTable<FormModel, JsonSchema> Schemas = new();

    public static IReadOnlyList<ValidationError> Validate(FormModel model, JsonElement payload, string prefix = "")
    {
        var schema = Schemas.GetValue(model, m => RecordSchemas.For(m, withRequired: false));
        if (payload.ValueKind != JsonValueKind.Object)
            return [new(prefix.Length > 0 ? prefix.TrimEnd('.') : ValidationError.FormLevel, "type.object")];
        // "A value or null" that is neither says only NoTypeValidates; the field's codec words that value
        // precisely (which option, which item), so those are left to it.
        ICollection<NJsonSchema.Validation.ValidationError> found;
        try
        {
            found = schema.Validate(payload.GetRawText());
        }
        catch (Exception e) when (e is InvalidCastException or OverflowException or FormatException)
        {
            // Values the schema validator cannot even represent (integers past 64 bits): the codecs word those.
            return [];
        }
        return Flatten(found)
            .Where(e => e.Kind != ValidationErrorKind.NoTypeValidates)
            .Select(e => ToError(e, prefix))
            .DistinctBy(e => (e.Field, e.Code))
            .ToList();
    }

    private static IEnumerable<NJsonSchema.Validation.ValidationError> Flatten(IEnumerable<NJsonSchema.Validation.ValidationError> errors) =>
        errors.SelectMany(e => e is ChildSchemaValidationError child && child.Errors.Count > 0
            ? Flatten(child.Errors.SelectMany(c => c.Value))
            : [e]);

    private static ValidationError ToError(NJsonSchema.Validation.ValidationError error, string prefix)
    {
        var path = (error.Path ?? "").TrimStart('#', '/').Replace('/', '.');
        var field = prefix + (path.Length > 0 ? path : error.Property ?? ValidationError.FormLevel);
        return error.Kind switch
        {
            ValidationErrorKind.NoAdditionalPropertiesAllowed => new(field, "unknownField", error.Property),
            ValidationErrorKind.NotInEnumeration => new(field, "option.unknown", ""),
            ValidationErrorKind.StringTooLong => new(field, "text.tooLong", error.Schema?.MaxLength),
            ValidationErrorKind.NumberTooSmall => new(field, "number.min", error.Schema?.Minimum),
            ValidationErrorKind.NumberTooBig => new(field, "number.max", error.Schema?.Maximum),
            ValidationErrorKind.TooManyItems => new(field, "list.tooMany", error.Schema?.MaxItems),
            ValidationErrorKind.StringExpected => new(field, "type.text"),
            ValidationErrorKind.NumberExpected => new(field, "type.number"),
            ValidationErrorKind.IntegerExpected => new(field, "type.integer"),
            ValidationErrorKind.BooleanExpected => new(field, "type.boolean"),
            ValidationErrorKind.ArrayExpected => new(field, "type.array"),
            ValidationErrorKind.ObjectExpected => new(field, "type.object"),
            ValidationErrorKind.DateExpected => new(field, "type.date"),
            ValidationErrorKind.DateTimeExpected => new(field, "type.datetime"),
            ValidationErrorKind.EmailExpected => new(field, "format.email"),
            ValidationErrorKind.UriExpected => new(field, "format.url"),
            ValidationErrorKind.PropertyRequired => new(field, "required"),
            _ => new(field, "field.setting", field, error.Kind.ToString()),
        };
    }
}
