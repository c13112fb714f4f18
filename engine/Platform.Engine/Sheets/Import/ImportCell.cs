using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Platform.Engine.Forms.Fields;

namespace Platform.Engine.Sheets.Import;

/// <summary>
/// The one place each field type reads a spreadsheet cell into the JSON a record is written with, forgiving what people
/// type: full-width digits and punctuation, thousands separators, currency signs and percent, Excel's date serials, ISO and
/// Chinese dates (2024年3月5日, 2024/3/5, 2024.3.5), options by label or key, tags split on , ， ; ； 、, yes/no in words.
/// What it cannot read it passes on as written, so the field's codec refuses it with the field's own message — a cell's
/// error always comes from the one check records get.
/// </summary>
public sealed class ImportCell(TimeZoneInfo zone) : IFieldVisitor<JsonNode?>
{
    private static readonly string[] DateFormats = ["yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyy年M月d日", "yyyyMMdd", "M/d/yyyy"];
    private static readonly string[] TimeFormats = ["yyyy-M-d H:m", "yyyy-M-d H:m:s", "yyyy/M/d H:m", "yyyy/M/d H:m:s", "yyyy.M.d H:m", "yyyy年M月d日 H:m", "yyyy年M月d日 H时m分"];
    private static readonly char[] TagSeparators = [',', '，', ';', '；', '、'];

    private object? _cell;

    /// <summary>The JSON value of <paramref name="cell"/> for <paramref name="field"/>; null for an empty cell or a field a sheet does not fill.</summary>
    public JsonNode? Read(FieldDefinition field, object? cell)
    {
        _cell = cell is string text ? Tidy(text) : cell;
        return _cell is null ? null : field.Accept(this);
    }

    /// <summary>No spaces of any width around (the ideographic space too); text fields keep the rest as written.</summary>
    private static string? Tidy(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }

    /// <summary>The cell as text for reading a number, date, option or yes/no: full-width letters, digits and punctuation as their plain forms.</summary>
    private string Text => _cell switch
    {
        string s => s.Normalize(NormalizationForm.FormKC),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime at => at.TimeOfDay == TimeSpan.Zero ? at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => _cell!.ToString() ?? "",
    };

    private JsonNode AsText() => JsonValue.Create(_cell is string s ? s : Text)!;

    private JsonNode Number()
    {
        if (_cell is double d) return JsonValue.Create((decimal)d)!;
        if (_cell is decimal m) return JsonValue.Create(m)!;
        if (_cell is long or int) return JsonValue.Create(Convert.ToDecimal(_cell, CultureInfo.InvariantCulture))!;
        var text = Text.Replace(",", "").Replace(" ", "").Replace("¥", "").Replace("$", "").Replace("€", "").Replace("£", "")
            .Replace("元", "").Replace("RMB", "", StringComparison.OrdinalIgnoreCase).Replace("CNY", "", StringComparison.OrdinalIgnoreCase);
        var isPercent = text.EndsWith('%');
        if (isPercent) text = text[..^1];
        if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)) return AsText();
        return JsonValue.Create(isPercent ? value / 100 : value)!;
    }

    private JsonNode Date()
    {
        if (Day() is { } day) return JsonValue.Create(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))!;
        return AsText();
    }

    private DateOnly? Day() => _cell switch
    {
        DateTime at => DateOnly.FromDateTime(at),
        // Excel keeps dates as days since 1899-12-30.
        double serial when serial is > 0 and < 2_958_466 => DateOnly.FromDateTime(DateTime.FromOADate(serial)),
        string when DateTime.TryParseExact(Text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) => DateOnly.FromDateTime(at),
        _ => null,
    };

    private JsonNode Instant()
    {
        DateTime? local = _cell switch
        {
            DateTime at => at,
            double serial when serial is > 0 and < 2_958_466 => DateTime.FromOADate(serial),
            string when DateTime.TryParseExact(Text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) => at,
            string when DateTimeOffset.TryParse(Text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var offset) && Text.Contains('T') => offset.UtcDateTime,
            _ => Day()?.ToDateTime(TimeOnly.MinValue),
        };
        if (local is not { } value) return AsText();
        var utc = value.Kind == DateTimeKind.Utc ? value : TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(value, DateTimeKind.Unspecified), zone);
        return JsonValue.Create(utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))!;
    }

    private JsonNode Option(IReadOnlyList<SelectOption> options, string text)
    {
        var wanted = ColumnMapping.Normalise(text);
        var match = options.FirstOrDefault(o => o.Key == text) ??
                    options.FirstOrDefault(o => ColumnMapping.Normalise(o.Key) == wanted || o.Label?.AllTexts.Any(l => ColumnMapping.Normalise(l) == wanted) == true);
        return JsonValue.Create(match?.Key ?? text)!;
    }

    public JsonNode? Visit(TextField field) => AsText();
    public JsonNode? Visit(TextareaField field) => AsText();
    public JsonNode? Visit(EmailField field) => JsonValue.Create(Text);
    public JsonNode? Visit(PhoneField field) => JsonValue.Create(_cell is double d ? d.ToString("0", CultureInfo.InvariantCulture) : Text);
    public JsonNode? Visit(UrlField field) => AsText();
    public JsonNode? Visit(NumberField field) => Number();
    public JsonNode? Visit(MoneyField field) => Number();
    public JsonNode? Visit(PercentField field) => Number();
    public JsonNode? Visit(RatingField field) => Number();
    public JsonNode? Visit(DateField field) => Date();
    public JsonNode? Visit(DateTimeField field) => Instant();

    public JsonNode? Visit(BooleanField field) => Text.ToLowerInvariant() switch
    {
        "是" or "yes" or "y" or "true" or "1" or "√" or "✓" or "对" => JsonValue.Create(true),
        "否" or "no" or "n" or "false" or "0" or "×" or "✗" or "不" => JsonValue.Create(false),
        _ => AsText(),
    };

    public JsonNode? Visit(SelectField field) => Option(field.Options, Text);

    public JsonNode? Visit(MultiSelectField field) =>
        new JsonArray(Text.Split(TagSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => Option(field.Options, t)).ToArray());

    // People, departments and related records are written as ids; names, emails, phones and keys are found by the
    // import's lookups (they need the database), which replace the texts left here.
    public JsonNode? Visit(UserField field) => field.Multiple ? Ids() : Id();
    public JsonNode? Visit(DepartmentField field) => field.Multiple ? Ids() : Id();
    public JsonNode? Visit(RelationField field) => field.Multiple ? Ids() : Id();

    private JsonNode Id() => _cell is double d && d == Math.Floor(d) ? JsonValue.Create((long)d)! : IdOf(Written);

    private JsonNode Ids() => new JsonArray(Written.Split(TagSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(IdOf).ToArray());

    /// <summary>The cell as written (a name is matched as it is stored).</summary>
    private string Written => _cell as string ?? Text;

    private static JsonNode IdOf(string word) =>
        long.TryParse(word.Normalize(NormalizationForm.FormKC), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? JsonValue.Create(id)! : JsonValue.Create(word)!;

    public JsonNode? Visit(SubformField field) => null;
    public JsonNode? Visit(AttachmentField field) => null;
    public JsonNode? Visit(FormulaField field) => null;
    public JsonNode? Visit(RollupField field) => null;
    public JsonNode? Visit(AutoNumberField field) => null;
    public JsonNode? Visit(UnknownField field) => AsText();
}
