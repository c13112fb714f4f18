using System.Globalization;
using Platform.Engine.Values;

namespace Platform.Engine.Tests.Values;

/// <summary>Dates and instants written and read digit by digit give exactly what .NET's formats give.</summary>
public sealed class IsoTextTests
{
    private static IEnumerable<DateTime> Instants()
    {
        yield return new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        yield return new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_999);
        yield return new DateTime(2026, 11, 30, 8, 5, 3, DateTimeKind.Utc);
        yield return new DateTime(2026, 11, 30, 8, 5, 3, DateTimeKind.Utc).AddTicks(1_000_000);
        yield return new DateTime(2026, 11, 30, 8, 5, 3, DateTimeKind.Utc).AddTicks(1);
        yield return new DateTime(2026, 11, 30, 8, 5, 3, DateTimeKind.Utc).AddTicks(1_230_000);
        var random = new Random(11);
        for (var i = 0; i < 2000; i++)
            yield return new DateTime(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc);
    }

    [Test]
    public void Instants_and_dates_are_written_as_the_formats_write_them()
    {
        foreach (var instant in Instants())
        {
            Assert.That(IsoText.Instant(instant), Is.EqualTo(instant.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)));
            var date = DateOnly.FromDateTime(instant);
            Assert.That(IsoText.Date(date), Is.EqualTo(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            Assert.That(IsoText.TryDate(IsoText.Date(date), out var back) && back == date, Is.True);
        }
    }

    [TestCase("2026-02-29")]
    [TestCase("2026-13-01")]
    [TestCase("2026-00-10")]
    [TestCase("0000-01-01")]
    [TestCase("2026-1-01")]
    [TestCase("2026/01/01")]
    [TestCase("2026-01-0x")]
    [TestCase(" 2026-01-01")]
    [TestCase("")]
    public void What_is_no_date_is_refused_as_the_format_refuses_it(string text)
    {
        Assert.That(IsoText.TryDate(text, out _), Is.False);
        Assert.That(DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _), Is.False);
        Assert.Throws<FormatException>(() => IsoText.ParseDate(text));
    }

    [TestCase("2024-02-29")]
    [TestCase("0001-01-01")]
    [TestCase("9999-12-31")]
    public void Dates_read_as_the_format_reads_them(string text)
    {
        Assert.That(IsoText.TryDate(text, out var date), Is.True);
        Assert.That(date, Is.EqualTo(DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture)));
    }
}
