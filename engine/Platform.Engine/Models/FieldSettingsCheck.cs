using Platform.Engine.Forms;
using Platform.Engine.Forms.Fields;

namespace Platform.Engine.Models;

/// <summary>The settings each field type accepts: the one place that checks them at publish.</summary>
internal sealed class FieldSettingsCheck : IFieldVisitor<IEnumerable<(string Setting, string Problem)>>
{
    public static readonly FieldSettingsCheck Instance = new();

    private static IEnumerable<(string, string)> None => [];

    private static IEnumerable<(string, string)> Range(decimal? min, decimal? max, int precision)
    {
        if (precision is < 0 or > 8) yield return ("precision", "between 0 and 8");
        if (min > max) yield return ("min", "greater than max");
    }

    private static IEnumerable<(string, string)> Options(IReadOnlyList<SelectOption> options)
    {
        if (options.Count > 1000) yield return ("options", "more than 1000 options");
        foreach (var option in options)
        {
            if (option.Key.Length is 0 or > 64 || option.Key.Trim() != option.Key) yield return ("options", $"key '{option.Key}' must be 1–64 characters without surrounding spaces");
            if (option.Label?.AllTexts.Any(t => t.Length > 200) == true) yield return ("options", "a label is longer than 200 characters");
            if (option.Color is { Length: > 32 }) yield return ("options", "a color is longer than 32 characters");
        }
        foreach (var duplicate in options.GroupBy(o => o.Key).Where(g => g.Count() > 1))
            yield return ("options", $"key '{duplicate.Key}' is used twice");
    }

    public IEnumerable<(string, string)> Visit(TextField field)
    {
        if (field.MaxLength is < 1 or > TextareaField.DefaultMaxLength) yield return ("maxLength", $"between 1 and {TextareaField.DefaultMaxLength}");
        if (field.Pattern is { } pattern)
        {
            string? problem = null;
            try { _ = new System.Text.RegularExpressions.Regex(pattern, default, TimeSpan.FromMilliseconds(100)); }
            catch (ArgumentException e) { problem = e.Message; }
            if (pattern.Length > 1000) problem = "longer than 1000 characters";
            if (problem is not null) yield return ("pattern", problem);
        }
    }

    public IEnumerable<(string, string)> Visit(TextareaField field) =>
        field.MaxLength is < 1 or > 1_000_000 ? [("maxLength", "between 1 and 1000000")] : None;

    public IEnumerable<(string, string)> Visit(EmailField field) => None;

    public IEnumerable<(string, string)> Visit(PhoneField field) => None;

    public IEnumerable<(string, string)> Visit(UrlField field) => None;

    public IEnumerable<(string, string)> Visit(NumberField field) => Range(field.Min, field.Max, field.Precision);

    public IEnumerable<(string, string)> Visit(MoneyField field) =>
        Range(field.Min, field.Max, field.Precision).Concat(field.Currency is { Length: 3 } c && c.All(char.IsAsciiLetterUpper) ? None : [("currency", "an ISO 4217 code such as CNY or USD")]);

    public IEnumerable<(string, string)> Visit(PercentField field) => Range(field.Min, field.Max, field.Precision);

    public IEnumerable<(string, string)> Visit(RatingField field) => field.Max is < 1 or > 10 ? [("max", "between 1 and 10")] : None;

    public IEnumerable<(string, string)> Visit(DateField field) => None;

    public IEnumerable<(string, string)> Visit(DateTimeField field) => None;

    public IEnumerable<(string, string)> Visit(BooleanField field) => None;

    public IEnumerable<(string, string)> Visit(SelectField field) => Options(field.Options);

    public IEnumerable<(string, string)> Visit(MultiSelectField field) => Options(field.Options);

    public IEnumerable<(string, string)> Visit(UserField field) => None;

    public IEnumerable<(string, string)> Visit(DepartmentField field) => None;

    public IEnumerable<(string, string)> Visit(RelationField field) =>
        FormKeys.IsValid(field.Form) ? None : [("form", "the key of a form in this app")];

    public IEnumerable<(string, string)> Visit(SubformField field) => field.Fields.Count == 0 ? [("fields", "a subform needs at least one field")] : None;

    public IEnumerable<(string, string)> Visit(AttachmentField field) => field.MaxFiles is < 1 or > 100 ? [("maxFiles", "between 1 and 100")] : None;

    public IEnumerable<(string, string)> Visit(FormulaField field) => field.Precision is < 0 or > 8 ? [("precision", "between 0 and 8")] : None;

    public IEnumerable<(string, string)> Visit(RollupField field)
    {
        if (field.Precision is < 0 or > 8) yield return ("precision", "between 0 and 8");
        if (field.Aggregate is not RollupAggregate.Count && string.IsNullOrEmpty(field.Field)) yield return ("field", "required unless it counts");
        if (field.WithinDays is < 1 or > 3660) yield return ("withinDays", "between 1 and 3660");
        if (field.Where.Count > 5) yield return ("where", "at most 5 conditions");
    }

    public IEnumerable<(string, string)> Visit(AutoNumberField field)
    {
        if (field.Digits is < 1 or > 12) yield return ("digits", "between 1 and 12");
        if (field.Prefix.Length > 32) yield return ("prefix", "at most 32 characters");
        if (field.Separator.Length > 4) yield return ("separator", "at most 4 characters");
        if (field.DatePattern is { } pattern)
        {
            string? problem = pattern.Length > 16 || pattern.Any(c => !"yMd".Contains(c)) ? "only y, M and d, at most 16" : null;
            if (problem is not null) yield return ("datePattern", problem);
        }
    }

    public IEnumerable<(string, string)> Visit(UnknownField field) => None;
}
