using System.Globalization;

namespace Platform.Engine.Values;

/// <summary>
/// Dates (<c>yyyy-MM-dd</c>) and instants (<c>yyyy-MM-ddTHH:mm:ss.FFFFFFFZ</c>) written and read digit by digit: a page
/// of records holds hundreds of them, and .NET's custom formats parse their pattern again for every value (5% of a
/// page's server time). The same text as those formats gives, character for character.
/// </summary>
public static class IsoText
{
    /// <summary>The date as <c>yyyy-MM-dd</c>.</summary>
    public static string Date(DateOnly date) => string.Create(10, date, static (chars, d) => WriteDate(chars, d.Year, d.Month, d.Day));

    /// <summary>The instant in UTC as <c>yyyy-MM-ddTHH:mm:ss.FFFFFFFZ</c> (the fraction without its trailing zeros, none when zero).</summary>
    public static string Instant(DateTime instant)
    {
        var fraction = (int)(instant.Ticks % TimeSpan.TicksPerSecond);
        var digits = 7;
        while (fraction != 0 && fraction % 10 == 0)
        {
            fraction /= 10;
            digits--;
        }
        var length = 20 + (fraction == 0 ? 0 : 1 + digits);
        return string.Create(length, (instant, fraction, digits), static (chars, state) =>
        {
            var (at, fraction, digits) = state;
            WriteDate(chars, at.Year, at.Month, at.Day);
            chars[10] = 'T';
            Two(chars[11..], at.Hour);
            chars[13] = ':';
            Two(chars[14..], at.Minute);
            chars[16] = ':';
            Two(chars[17..], at.Second);
            if (fraction != 0)
            {
                chars[19] = '.';
                for (var i = 19 + digits; i > 19; i--, fraction /= 10) chars[i] = (char)('0' + fraction % 10);
            }
            chars[^1] = 'Z';
        });
    }

    /// <summary>A date written as <c>yyyy-MM-dd</c>; false for anything else (the caller then tries its slower ways).</summary>
    public static bool TryDate(string text, out DateOnly date)
    {
        date = default;
        if (text.Length != 10 || text[4] != '-' || text[7] != '-') return false;
        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>A date as <c>yyyy-MM-dd</c>, or <see cref="FormatException"/> as <see cref="DateOnly.ParseExact(string, string, IFormatProvider?)"/> would.</summary>
    public static DateOnly ParseDate(string text) =>
        TryDate(text, out var date) ? date : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void WriteDate(Span<char> chars, int year, int month, int day)
    {
        Two(chars, year / 100);
        Two(chars[2..], year % 100);
        chars[4] = '-';
        Two(chars[5..], month);
        chars[7] = '-';
        Two(chars[8..], day);
    }

    private static void Two(Span<char> chars, int value)
    {
        chars[0] = (char)('0' + value / 10);
        chars[1] = (char)('0' + value % 10);
    }

    private static bool Digits(string text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9) return false;
            value = value * 10 + digit;
        }
        return true;
    }
}
