using System.Collections;
using System.Globalization;
using System.Text.Json.Nodes;
using Platform.Engine.Forms.Fields;

namespace Platform.Engine.Values;

/// <summary>
/// A value as a person reads it, in a culture and time zone: the one place each field type is
/// formatted for display, exports and messages. Empty values format as "".
/// </summary>
public sealed class FieldFormatter : IFieldVisitor<string>
{
    private readonly object? _value;
    private readonly CultureInfo _culture;
    private readonly TimeZoneInfo _zone;

    private FieldFormatter(object? value, CultureInfo culture, TimeZoneInfo zone)
    {
        _value = value;
        _culture = culture;
        _zone = zone;
    }

    public static string Format(FieldDefinition field, object? value, CultureInfo culture, TimeZoneInfo? zone = null) =>
        value is null ? "" : field.Accept(new FieldFormatter(value, culture, zone ?? TimeZoneInfo.Utc));

    private bool Chinese => _culture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    private string Text() => Convert.ToString(_value, _culture) ?? "";

    private string Number(int precision) => Convert.ToDecimal(_value, CultureInfo.InvariantCulture).ToString("N" + precision, _culture);

    private string Ids() => _value is IEnumerable<long> ids ? string.Join(", ", ids) : Text();

    private string Options(IReadOnlyList<SelectOption> options, IEnumerable<string> keys) =>
        string.Join(Chinese ? "、" : ", ", keys.Select(k => options.FirstOrDefault(o => o.Key == k)?.Label?.Resolve(_culture) ?? k));

    public string Visit(TextField field) => Text();

    public string Visit(TextareaField field) => Text();

    public string Visit(EmailField field) => Text();

    public string Visit(PhoneField field) => Text();

    public string Visit(UrlField field) => Text();

    public string Visit(NumberField field) => Number(field.Precision);

    public string Visit(MoneyField field)
    {
        var symbol = field.Currency switch { "CNY" => "¥", "USD" => "$", "EUR" => "€", "GBP" => "£", "JPY" => "¥", _ => field.Currency + " " };
        var amount = Convert.ToDecimal(_value, CultureInfo.InvariantCulture);
        return (amount < 0 ? "-" : "") + symbol + Math.Abs(amount).ToString("N" + field.Precision, _culture);
    }

    // Stored as a fraction: 0.125 shows as 12.5%.
    public string Visit(PercentField field) =>
        (Convert.ToDecimal(_value, CultureInfo.InvariantCulture) * 100).ToString("0." + new string('#', Math.Max(0, field.Precision - 2)), _culture) + "%";

    public string Visit(RatingField field)
    {
        var stars = (int)Math.Clamp(Convert.ToInt64(_value, CultureInfo.InvariantCulture), 0, field.Max);
        return new string('★', stars) + new string('☆', field.Max - stars);
    }

    public string Visit(DateField field) => ((DateOnly)_value!).ToString(Chinese ? "yyyy年M月d日" : "yyyy-MM-dd", _culture);

    public string Visit(DateTimeField field) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind((DateTime)_value!, DateTimeKind.Utc), _zone).ToString(Chinese ? "yyyy年M月d日 HH:mm" : "yyyy-MM-dd HH:mm", _culture);

    public string Visit(BooleanField field) => (bool)_value! ? (Chinese ? "是" : "Yes") : (Chinese ? "否" : "No");

    public string Visit(SelectField field) => Options(field.Options, [(string)_value!]);

    public string Visit(MultiSelectField field) => Options(field.Options, (IEnumerable<string>)_value!);

    public string Visit(UserField field) => Ids();

    public string Visit(DepartmentField field) => Ids();

    public string Visit(RelationField field) => Ids();

    public string Visit(SubformField field)
    {
        var count = (_value as ICollection)?.Count ?? 0;
        return Chinese ? $"{count} 行" : count == 1 ? "1 row" : $"{count} rows";
    }

    public string Visit(AttachmentField field) =>
        string.Join(", ", (_value as JsonArray ?? []).Select(f => f?["name"]?.GetValue<string>() ?? ""));

    public string Visit(FormulaField field) => Computed(field.Key, field.Result, field.Precision);

    public string Visit(RollupField field) => Computed(field.Key, field.Result, field.Precision);

    private string Computed(string key, FormulaResultType result, int precision) => result switch
    {
        FormulaResultType.Number => Number(precision),
        FormulaResultType.Date => Visit(new DateField { Key = key }),
        FormulaResultType.DateTime => Visit(new DateTimeField { Key = key }),
        FormulaResultType.Boolean => Visit(new BooleanField { Key = key }),
        _ => Text(),
    };

    public string Visit(AutoNumberField field) => Text();

    public string Visit(UnknownField field) => Text();
}
