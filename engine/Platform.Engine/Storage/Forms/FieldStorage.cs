using Platform.Engine.Forms.Fields;

namespace Platform.Engine.Storage.Forms;

/// <summary>Where a field's values live.</summary>
public enum StorageKind
{
    /// <summary>One column of the form's table.</summary>
    Column,

    /// <summary>A link table of (record_id, value, ord): multi-value users, departments, relations, tags.</summary>
    Link,

    /// <summary>A child table of detail rows (subforms).</summary>
    Child,
}

public sealed record FieldStorage(StorageKind Kind, ColumnSpec? Spec, bool Indexed = false);

/// <summary>The storage of each field type: the one place that decides columns and tables.</summary>
public sealed class FieldStorages : IFieldVisitor<FieldStorage>
{
    public static readonly FieldStorages Instance = new();

    public static FieldStorage For(FieldDefinition field) => field.Accept(Instance);

    private static FieldStorage Column(ColumnType type, int? length = null, bool indexed = false) => new(StorageKind.Column, new ColumnSpec(type, length), indexed);

    private static FieldStorage Ids(bool multiple) =>
        multiple ? new FieldStorage(StorageKind.Link, ColumnSpec.Id) : Column(ColumnType.Integer, indexed: true);

    public FieldStorage Visit(TextField field) => Column(ColumnType.Text, field.MaxLength);

    public FieldStorage Visit(TextareaField field) => Column(ColumnType.Text, field.MaxLength);

    public FieldStorage Visit(EmailField field) => Column(ColumnType.Text, EmailField.MaxLength);

    public FieldStorage Visit(PhoneField field) => Column(ColumnType.Text, PhoneField.MaxLength);

    public FieldStorage Visit(UrlField field) => Column(ColumnType.Text, UrlField.MaxLength);

    private static FieldStorage Fixed(int precision) => new(StorageKind.Column, new ColumnSpec(ColumnType.Fixed, Scale: precision));

    public FieldStorage Visit(NumberField field) => Fixed(field.Precision);

    public FieldStorage Visit(MoneyField field) => Fixed(field.Precision);

    public FieldStorage Visit(PercentField field) => Fixed(field.Precision);

    public FieldStorage Visit(RatingField field) => Column(ColumnType.Integer);

    public FieldStorage Visit(DateField field) => Column(ColumnType.Date);

    public FieldStorage Visit(DateTimeField field) => Column(ColumnType.DateTime);

    public FieldStorage Visit(BooleanField field) => Column(ColumnType.Boolean);

    public FieldStorage Visit(SelectField field) => Column(ColumnType.Text, 256, indexed: true);

    public FieldStorage Visit(MultiSelectField field) => new(StorageKind.Link, ColumnSpec.Key);

    public FieldStorage Visit(UserField field) => Ids(field.Multiple);

    public FieldStorage Visit(DepartmentField field) => Ids(field.Multiple);

    public FieldStorage Visit(RelationField field) => Ids(field.Multiple);

    public FieldStorage Visit(SubformField field) => new(StorageKind.Child, null);

    public FieldStorage Visit(AttachmentField field) => Column(ColumnType.Json);

    public FieldStorage Visit(FormulaField field) => Computed(field.Result, field.Precision);

    public FieldStorage Visit(RollupField field) => Computed(field.Result, field.Precision);

    /// <summary>The column of a value the form computes (a formula, a rollup), by its type.</summary>
    private static FieldStorage Computed(FormulaResultType result, int precision) => result switch
    {
        FormulaResultType.Number => Fixed(precision),
        FormulaResultType.Text => Column(ColumnType.Text, TextareaField.DefaultMaxLength),
        FormulaResultType.Date => Column(ColumnType.Date),
        FormulaResultType.DateTime => Column(ColumnType.DateTime),
        FormulaResultType.Boolean => Column(ColumnType.Boolean),
        _ => throw new ArgumentOutOfRangeException(nameof(result)),
    };

    public FieldStorage Visit(AutoNumberField field) => Column(ColumnType.Text, 256);

    public FieldStorage Visit(UnknownField field) =>
        throw new NotSupportedException($"Field '{field.Key}' has type '{field.OriginalType}', which this version cannot store.");
}
