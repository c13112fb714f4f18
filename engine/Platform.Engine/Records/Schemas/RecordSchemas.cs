using NJsonSchema;
using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Models;

namespace Platform.Engine.Records.Schemas;

/// <summary>
/// The JSON Schema of a form's records, one property per field: the one place each field type
/// says what JSON it accepts. Every value may also be null (clearing a field).
/// </summary>
public sealed class RecordSchemas : IFieldVisitor<JsonSchemaProperty>
{
    private static readonly RecordSchemas Instance = new();

    /// <summary>The schema of a record payload. <paramref name="withRequired"/> lists required fields,
    /// as documents show; validation leaves them to the field checks so all errors come back together.</summary>
    public static JsonSchema For(FormModel model, bool withRequired) => For(model.Definition.Name?.ToString() ?? model.Key, model.Definition.Fields, withRequired, system: true);

    private static JsonSchema For(string title, IEnumerable<FieldDefinition> fields, bool withRequired, bool system)
    {
        var schema = new JsonSchema { Type = JsonObjectType.Object, AllowAdditionalProperties = false, Title = title };
        if (system)
            foreach (var property in SystemFields.Names)
                schema.Properties[property] = new JsonSchemaProperty { IsReadOnly = !SystemFields.Writable.Contains(property), Description = "System field" };
        foreach (var field in fields)
        {
            var property = field.Accept(Instance);
            if (property.Type != JsonObjectType.None) property.Type |= JsonObjectType.Null;
            if (property.Enumeration.Count > 0) property.Enumeration.Add(null);
            property.Title = field.Label?.ToString();
            property.Description = field.HelpText?.ToString();
            schema.Properties[field.Key] = property;
            if (withRequired && field.Required) schema.RequiredProperties.Add(field.Key);
        }
        return schema;
    }

    private static JsonSchemaProperty Text(int? maxLength = null, string? format = null) => new() { Type = JsonObjectType.String, MaxLength = maxLength, Format = format };

    private static JsonSchemaProperty Number(decimal? min, decimal? max) => new() { Type = JsonObjectType.Number, Minimum = min, Maximum = max };

    private static JsonSchemaProperty Options(IEnumerable<SelectOption> options)
    {
        var schema = Text();
        foreach (var option in options) schema.Enumeration.Add(option.Key);
        return schema;
    }

    private static JsonSchemaProperty Ids(bool multiple)
    {
        return multiple
            ? new JsonSchemaProperty { Type = JsonObjectType.Array, Item = new JsonSchema { Type = JsonObjectType.Integer, Minimum = 1 }, MaxItems = Values.IdListCodec.MaxItems }
            : new JsonSchemaProperty { Type = JsonObjectType.Integer, Minimum = 1 };
    }

    /// <summary>Computed values may be echoed back (they are ignored), so any JSON is accepted.</summary>
    private static JsonSchemaProperty Computed() => new() { IsReadOnly = true };

    public JsonSchemaProperty Visit(TextField field) => Text(field.MaxLength);

    public JsonSchemaProperty Visit(TextareaField field) => Text(field.MaxLength);

    public JsonSchemaProperty Visit(EmailField field) => Text(EmailField.MaxLength, "email");

    public JsonSchemaProperty Visit(PhoneField field) => Text(PhoneField.MaxLength);

    public JsonSchemaProperty Visit(UrlField field) => Text(UrlField.MaxLength, "uri");

    public JsonSchemaProperty Visit(NumberField field) => Number(field.Min, field.Max);

    public JsonSchemaProperty Visit(MoneyField field) => Number(field.Min, field.Max);

    public JsonSchemaProperty Visit(PercentField field) => Number(field.Min, field.Max);

    public JsonSchemaProperty Visit(RatingField field) => new() { Type = JsonObjectType.Integer, Minimum = 0, Maximum = field.Max };

    public JsonSchemaProperty Visit(DateField field) => Text(format: "date");

    public JsonSchemaProperty Visit(DateTimeField field) => Text(format: "date-time");

    public JsonSchemaProperty Visit(BooleanField field) => new() { Type = JsonObjectType.Boolean };

    public JsonSchemaProperty Visit(SelectField field) => Options(field.Options);

    public JsonSchemaProperty Visit(MultiSelectField field) => new() { Type = JsonObjectType.Array, Item = Options(field.Options) };

    public JsonSchemaProperty Visit(UserField field) => Ids(field.Multiple);

    public JsonSchemaProperty Visit(DepartmentField field) => Ids(field.Multiple);

    public JsonSchemaProperty Visit(RelationField field) => Ids(field.Multiple);

    public JsonSchemaProperty Visit(SubformField field)
    {
        var row = For(field.Key, field.Fields, withRequired: false, system: false);
        row.Properties["id"] = new JsonSchemaProperty { IsReadOnly = true };
        return new JsonSchemaProperty { Type = JsonObjectType.Array, Item = row, MaxItems = Values.SubformCodec.MaxRows };
    }

    public JsonSchemaProperty Visit(AttachmentField field)
    {
        var file = new JsonSchema { Type = JsonObjectType.Object, AllowAdditionalProperties = false };
        file.Properties["name"] = new JsonSchemaProperty { Type = JsonObjectType.String, MaxLength = 1000, IsRequired = true };
        file.Properties["url"] = new JsonSchemaProperty { Type = JsonObjectType.String, MaxLength = 4000, IsRequired = true };
        file.Properties["size"] = new JsonSchemaProperty { Type = JsonObjectType.Integer };
        file.Properties["contentType"] = new JsonSchemaProperty { Type = JsonObjectType.String };
        return new JsonSchemaProperty { Type = JsonObjectType.Array, Item = file, MaxItems = field.MaxFiles };
    }

    public JsonSchemaProperty Visit(FormulaField field) => Computed();

    public JsonSchemaProperty Visit(AutoNumberField field) => Computed();

    public JsonSchemaProperty Visit(RollupField field) => Computed();

    public JsonSchemaProperty Visit(UnknownField field) => Computed();
}
