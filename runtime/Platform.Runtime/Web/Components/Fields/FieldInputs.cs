using Platform.Engine.Forms.Fields;

namespace Platform.Runtime.Web.Components.Fields;

/// <summary>The one place each field type gets its input in the record form (computed fields are shown, never typed).</summary>
public sealed class FieldInputs : IFieldVisitor<Type>
{
    public static readonly FieldInputs Instance = new();

    public static Type For(FieldDefinition field) => field.Accept(Instance);

    public Type Visit(TextField field) => typeof(TextInput);
    public Type Visit(TextareaField field) => typeof(TextInput);
    public Type Visit(EmailField field) => typeof(TextInput);
    public Type Visit(PhoneField field) => typeof(TextInput);
    public Type Visit(UrlField field) => typeof(TextInput);
    public Type Visit(NumberField field) => typeof(NumberInput);
    public Type Visit(MoneyField field) => typeof(NumberInput);
    public Type Visit(PercentField field) => typeof(NumberInput);
    public Type Visit(RatingField field) => typeof(RatingInput);
    public Type Visit(DateField field) => typeof(DateInput);
    public Type Visit(DateTimeField field) => typeof(DateTimeInput);
    public Type Visit(BooleanField field) => typeof(SwitchInput);
    public Type Visit(SelectField field) => typeof(OptionInput);
    public Type Visit(MultiSelectField field) => typeof(OptionsInput);
    public Type Visit(UserField field) => typeof(ReferenceInput);
    public Type Visit(DepartmentField field) => typeof(ReferenceInput);
    public Type Visit(RelationField field) => typeof(ReferenceInput);
    public Type Visit(SubformField field) => typeof(SubformInput);
    public Type Visit(AttachmentField field) => typeof(AttachmentInput);
    public Type Visit(FormulaField field) => typeof(ShownValue);
    public Type Visit(AutoNumberField field) => typeof(ShownValue);
    public Type Visit(RollupField field) => typeof(ShownValue);
    public Type Visit(UnknownField field) => typeof(ShownValue);
}
