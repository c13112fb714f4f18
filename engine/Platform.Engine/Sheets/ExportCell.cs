using System.Globalization;
using Platform.Engine.Forms.Fields;
using Platform.Engine.Users;
using Platform.Engine.Values;

namespace Platform.Engine.Sheets;

/// <summary>A cell of an export: the value typed as a spreadsheet keeps it (a number, a date, text) and the number format its column shows it in.</summary>
public readonly record struct ExportValue(object? Value, string? Format);

/// <summary>
/// The one place each field type becomes an export cell: numbers and money stay numbers, dates and times dates (times in
/// the reader's zone), yes/no, options, people and departments become the words a person reads (labels and names, in the
/// reader's language), a related record by its display field — the same words <see cref="FieldFormatter"/> shows on screen.
/// </summary>
public sealed class ExportCell : IFieldVisitor<ExportValue>
{
    private readonly PageNames _names;
    private readonly CultureInfo _culture;
    private readonly TimeZoneInfo _zone;
    private object? _value;

    /// <param name="names">The names of the people, departments and related records of the page (the ones the reader may not see show as #id).</param>
    public ExportCell(PageNames names, CultureInfo culture, TimeZoneInfo zone)
    {
        _names = names;
        _culture = culture;
        _zone = zone;
    }

    /// <summary>The cell of <paramref name="value"/> (null: an empty cell, with the column's format).</summary>
    public ExportValue Of(FieldDefinition field, object? value)
    {
        _value = value;
        return field.Accept(this);
    }

    private ExportValue Text(FieldDefinition field) => new(_value is null ? null : FieldFormatter.Format(field, _value, _culture, _zone), null);

    private ExportValue Number(int precision) =>
        new(_value is null ? null : Convert.ToDecimal(_value, CultureInfo.InvariantCulture), precision == 0 ? "#,##0" : "#,##0." + new string('0', precision));

    private ExportValue Names(FieldDefinition field) => new(_value is null ? null : PageNames.Join(_names.For(field)!, _value, _culture), null);

    private ExportValue Date() => new(_value is DateOnly day ? day.ToDateTime(TimeOnly.MinValue) : null, "yyyy-mm-dd");

    private ExportValue Instant() =>
        new(_value is DateTime at ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(at, DateTimeKind.Utc), _zone) : null, "yyyy-mm-dd hh:mm");

    public ExportValue Visit(TextField field) => Text(field);
    public ExportValue Visit(TextareaField field) => Text(field);
    public ExportValue Visit(EmailField field) => Text(field);
    public ExportValue Visit(PhoneField field) => Text(field);
    public ExportValue Visit(UrlField field) => Text(field);
    public ExportValue Visit(NumberField field) => Number(field.Precision);
    public ExportValue Visit(MoneyField field) => Number(field.Precision);
    public ExportValue Visit(PercentField field) => new(_value is null ? null : Convert.ToDecimal(_value, CultureInfo.InvariantCulture), "0.00%");
    public ExportValue Visit(RatingField field) => Number(0);
    public ExportValue Visit(DateField field) => Date();
    public ExportValue Visit(DateTimeField field) => Instant();
    public ExportValue Visit(BooleanField field) => Text(field);
    public ExportValue Visit(SelectField field) => Text(field);
    public ExportValue Visit(MultiSelectField field) => Text(field);
    public ExportValue Visit(UserField field) => Names(field);
    public ExportValue Visit(DepartmentField field) => Names(field);
    public ExportValue Visit(RelationField field) => Names(field);
    public ExportValue Visit(SubformField field) => Text(field);
    public ExportValue Visit(AttachmentField field) => Text(field);
    public ExportValue Visit(FormulaField field) => Computed(field.Result, field.Precision, field);
    public ExportValue Visit(RollupField field) => Computed(field.Result, field.Precision, field);
    public ExportValue Visit(AutoNumberField field) => Text(field);
    public ExportValue Visit(UnknownField field) => Text(field);

    private ExportValue Computed(FormulaResultType result, int precision, FieldDefinition field) => result switch
    {
        FormulaResultType.Number => Number(precision),
        FormulaResultType.Date => Date(),
        FormulaResultType.DateTime => Instant(),
        _ => Text(field),
    };

    /// <summary>The people named by a system field (owner, created by), as words.</summary>
    public ExportValue Person(long? id)
    {
        return new(id is null ? null : PageNames.Join(_names.Users, id, _culture), null);
    }

    /// <summary>A system instant (created, updated), in the reader's zone.</summary>
    public ExportValue At(DateTime at)
    {
        _value = at;
        return Instant();
    }
}
