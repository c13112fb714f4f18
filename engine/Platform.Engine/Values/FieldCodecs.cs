using System.Net.Mail;
using System.Text.RegularExpressions;
using Platform.Engine.Forms.Fields;

namespace Platform.Engine.Values;

/// <summary>The codec of each field type: the one place that decides how a type's values are read and written.</summary>
public sealed partial class FieldCodecs : IFieldVisitor<FieldCodec>
{
    public static readonly FieldCodecs Instance = new();

    public static FieldCodec For(FieldDefinition field) => field.Accept(Instance);

    public FieldCodec Visit(TextField field) => new TextCodec(field.MaxLength, field.Pattern);

    public FieldCodec Visit(TextareaField field) => new TextCodec(field.MaxLength);

    public FieldCodec Visit(EmailField field) => new TextCodec(EmailField.MaxLength, format: IsEmail, formatCode: "format.email");

    public FieldCodec Visit(PhoneField field) => new TextCodec(PhoneField.MaxLength, format: text => PhonePattern().IsMatch(text), formatCode: "format.phone");

    public FieldCodec Visit(UrlField field) => new TextCodec(UrlField.MaxLength, format: IsHttpUrl, formatCode: "format.url");

    public FieldCodec Visit(NumberField field) => new DecimalCodec(field.Precision, field.Min, field.Max);

    public FieldCodec Visit(MoneyField field) => new DecimalCodec(field.Precision, field.Min, field.Max);

    public FieldCodec Visit(PercentField field) => new DecimalCodec(field.Precision, field.Min, field.Max);

    public FieldCodec Visit(RatingField field) => new IntegerCodec(0, field.Max);

    public FieldCodec Visit(DateField field) => new DateCodec();

    public FieldCodec Visit(DateTimeField field) => new DateTimeCodec();

    public FieldCodec Visit(BooleanField field) => new BooleanCodec();

    public FieldCodec Visit(SelectField field) => new OptionCodec(field.Options.Select(o => o.Key));

    public FieldCodec Visit(MultiSelectField field) => new OptionListCodec(field.Options.Select(o => o.Key));

    public FieldCodec Visit(UserField field) => field.Multiple ? new IdListCodec() : new IdCodec();

    public FieldCodec Visit(DepartmentField field) => field.Multiple ? new IdListCodec() : new IdCodec();

    public FieldCodec Visit(RelationField field) => field.Multiple ? new IdListCodec() : new IdCodec();

    public FieldCodec Visit(SubformField field) =>
        new SubformCodec(field.Fields.ToDictionary(f => f.Key, For), field.Fields.Where(f => FieldTraits.Of(f).Generated).Select(f => f.Key).ToHashSet());

    public FieldCodec Visit(AttachmentField field) => new AttachmentCodec(field.MaxFiles);

    public FieldCodec Visit(FormulaField field) => Computed(field.Result, field.Precision);

    public FieldCodec Visit(RollupField field) => Computed(field.Result, field.Precision);

    /// <summary>The values of a field the form computes (a formula, a rollup): by its type, never written by a caller.</summary>
    private static FieldCodec Computed(FormulaResultType result, int precision) => result switch
    {
        FormulaResultType.Number => new DecimalCodec(precision, null, null, writable: false),
        FormulaResultType.Text => new TextCodec(TextareaField.DefaultMaxLength, writable: false),
        FormulaResultType.Date => new DateCodec(writable: false),
        FormulaResultType.DateTime => new DateTimeCodec(writable: false),
        FormulaResultType.Boolean => new BooleanCodec(writable: false),
        _ => throw new ArgumentOutOfRangeException(nameof(result)),
    };

    public FieldCodec Visit(AutoNumberField field) => new TextCodec(256, writable: false);

    public FieldCodec Visit(UnknownField field) =>
        throw new NotSupportedException($"Field '{field.Key}' has type '{field.OriginalType}', which this version cannot store.");

    private static bool IsEmail(string text) =>
        MailAddress.TryCreate(text, out var address) && address.Address == text && text.Contains('.', StringComparison.Ordinal);

    private static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    [GeneratedRegex(@"^\+?[0-9][0-9 ()\-]{2,31}$")]
    private static partial Regex PhonePattern();
}
