namespace Platform.Engine.Forms.Fields;

/// <summary>
/// One operation over every field type. Adding a type adds a method here, so every operation
/// (storage, values, JSON Schema, ...) fails to build until it handles the new type.
/// </summary>
public interface IFieldVisitor<out TResult>
{
    TResult Visit(TextField field);
    TResult Visit(TextareaField field);
    TResult Visit(NumberField field);
    TResult Visit(MoneyField field);
    TResult Visit(PercentField field);
    TResult Visit(DateField field);
    TResult Visit(DateTimeField field);
    TResult Visit(BooleanField field);
    TResult Visit(SelectField field);
    TResult Visit(MultiSelectField field);
    TResult Visit(UserField field);
    TResult Visit(DepartmentField field);
    TResult Visit(RelationField field);
    TResult Visit(SubformField field);
    TResult Visit(AttachmentField field);
    TResult Visit(FormulaField field);
    TResult Visit(AutoNumberField field);
    TResult Visit(RollupField field);
    TResult Visit(EmailField field);
    TResult Visit(PhoneField field);
    TResult Visit(UrlField field);
    TResult Visit(RatingField field);
    TResult Visit(UnknownField field);
}
