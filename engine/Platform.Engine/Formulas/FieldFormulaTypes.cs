using Platform.Engine.Forms.Fields;

namespace Platform.Engine.Formulas;

/// <summary>The formula type of each field's value, as a formula sees it.</summary>
public sealed class FieldFormulaTypes : IFieldVisitor<FormulaType>
{
    public static readonly FieldFormulaTypes Instance = new();

    public static FormulaType For(FieldDefinition field) => field.Accept(Instance);

    public FormulaType Visit(TextField field) => FormulaType.Text;
    public FormulaType Visit(TextareaField field) => FormulaType.Text;
    public FormulaType Visit(NumberField field) => FormulaType.Number;
    public FormulaType Visit(MoneyField field) => FormulaType.Number;
    public FormulaType Visit(PercentField field) => FormulaType.Number;
    public FormulaType Visit(DateField field) => FormulaType.Date;
    public FormulaType Visit(DateTimeField field) => FormulaType.DateTime;
    public FormulaType Visit(BooleanField field) => FormulaType.Boolean;
    public FormulaType Visit(SelectField field) => FormulaType.Text;
    public FormulaType Visit(MultiSelectField field) => FormulaType.List;
    public FormulaType Visit(UserField field) => field.Multiple ? FormulaType.List : FormulaType.Number;
    public FormulaType Visit(DepartmentField field) => field.Multiple ? FormulaType.List : FormulaType.Number;
    public FormulaType Visit(RelationField field) => field.Multiple ? FormulaType.List : FormulaType.Number;
    public FormulaType Visit(SubformField field) => FormulaType.List;
    public FormulaType Visit(AttachmentField field) => FormulaType.List;
    public FormulaType Visit(FormulaField field) => Of(field.Result);

    public FormulaType Visit(RollupField field) => Of(field.Result);

    /// <summary>The formula type a formula field's result is stored as.</summary>
    public static FormulaType Of(FormulaResultType type) => type switch
    {
        FormulaResultType.Number => FormulaType.Number,
        FormulaResultType.Date => FormulaType.Date,
        FormulaResultType.DateTime => FormulaType.DateTime,
        FormulaResultType.Boolean => FormulaType.Boolean,
        _ => FormulaType.Text,
    };
    public FormulaType Visit(AutoNumberField field) => FormulaType.Text;
    public FormulaType Visit(EmailField field) => FormulaType.Text;
    public FormulaType Visit(PhoneField field) => FormulaType.Text;
    public FormulaType Visit(UrlField field) => FormulaType.Text;
    public FormulaType Visit(RatingField field) => FormulaType.Number;
    public FormulaType Visit(UnknownField field) => FormulaType.Any;
}
