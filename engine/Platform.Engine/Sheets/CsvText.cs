namespace Platform.Engine.Sheets;

/// <summary>
/// CSV lines as RFC 4180 writes them (fields quoted when they hold a comma, quote or line break; CRLF), with text a
/// spreadsheet would read as a formula — first character <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR — led by a
/// single quote, so opening the file never runs it (OWASP's advice for CSV injection).
/// </summary>
public static class CsvText
{
    private static readonly char[] Special = [',', '"', '\r', '\n'];

    public static string Line(IEnumerable<string> fields) => string.Join(",", fields.Select(Field)) + "\r\n";

    public static string Field(string text)
    {
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !IsNumber(text)) text = "'" + text;
        return text.IndexOfAny(Special) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
    }

    // A negative number the platform wrote itself is a number, not a formula.
    private static bool IsNumber(string text) =>
        decimal.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint,
            System.Globalization.CultureInfo.InvariantCulture, out _);
}
