using System.Globalization;
using Platform.Engine.Forms.Fields;

namespace Platform.Engine.Sheets;

/// <summary>
/// The one place each field type says what a person types for it in an import sheet: an example value (in the reader's
/// language), or null for a field the platform fills in itself (formulas, rollups, numbers it assigns) or that a sheet
/// cannot carry (subform rows, files).
/// </summary>
public sealed class ImportExample(CultureInfo culture, DateTime now) : IFieldVisitor<object?>
{
    private bool Chinese => culture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    private string Say(string en, string zh) => Chinese ? zh : en;

    private string? First(IEnumerable<SelectOption> options) => options.FirstOrDefault() is { } option ? option.Label?.Resolve(culture) ?? option.Key : null;

    public object? Visit(TextField field) => Say("Example", "示例");
    public object? Visit(TextareaField field) => Say("A longer note", "一段较长的备注");
    public object? Visit(EmailField field) => "name@example.com";
    public object? Visit(PhoneField field) => "13800000000";
    public object? Visit(UrlField field) => "https://example.com";
    public object? Visit(NumberField field) => 100m;
    public object? Visit(MoneyField field) => 1000m;
    public object? Visit(PercentField field) => 0.1m;
    public object? Visit(RatingField field) => Math.Min(3, field.Max);
    public object? Visit(DateField field) => now.Date;
    public object? Visit(DateTimeField field) => new DateTime(now.Year, now.Month, now.Day, 9, 30, 0);
    public object? Visit(BooleanField field) => Say("Yes", "是");
    public object? Visit(SelectField field) => First(field.Options);
    public object? Visit(MultiSelectField field) => First(field.Options);
    public object? Visit(UserField field) => Say("A person's name or email", "姓名或邮箱");
    public object? Visit(DepartmentField field) => Say("A department's name", "部门名称");
    public object? Visit(RelationField field) => Say("The related record's name", "关联记录的名称");
    public object? Visit(SubformField field) => null;
    public object? Visit(AttachmentField field) => null;
    public object? Visit(FormulaField field) => null;
    public object? Visit(RollupField field) => null;
    public object? Visit(AutoNumberField field) => null;
    public object? Visit(UnknownField field) => null;
}
