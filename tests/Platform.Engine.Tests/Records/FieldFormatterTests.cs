using System.Globalization;
using System.Text.Json.Nodes;
using Platform.Engine.Forms;
using Platform.Engine.Values;

namespace Platform.Engine.Tests.Records;

public sealed class FieldFormatterTests
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    private static string Format(string field, object? value, CultureInfo culture, string zone = "UTC") =>
        FieldFormatter.Format(FormJson.Parse($$"""{ "key": "f", "fields": [ {{field}} ] }""").Fields[0], value, culture, TimeZoneInfo.FindSystemTimeZoneById(zone));

    [Test]
    public void Each_type_reads_as_people_write_it()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Format("""{ "key": "a", "type": "money", "currency": "CNY" }""", 1234567.5m, Chinese), Is.EqualTo("¥1,234,567.50"));
            Assert.That(Format("""{ "key": "a", "type": "money", "currency": "USD" }""", -3m, English), Is.EqualTo("-$3.00"));
            Assert.That(Format("""{ "key": "a", "type": "number", "precision": 1 }""", 2.25m, English), Is.EqualTo("2.3"));
            Assert.That(Format("""{ "key": "a", "type": "percent" }""", 0.125m, English), Is.EqualTo("12.5%"));
            Assert.That(Format("""{ "key": "a", "type": "rating", "max": 5 }""", 3L, English), Is.EqualTo("★★★☆☆"));
            Assert.That(Format("""{ "key": "a", "type": "date" }""", new DateOnly(2026, 11, 23), Chinese), Is.EqualTo("2026年11月23日"));
            Assert.That(Format("""{ "key": "a", "type": "date" }""", new DateOnly(2026, 11, 23), English), Is.EqualTo("2026-11-23"));
            Assert.That(Format("""{ "key": "a", "type": "datetime" }""", new DateTime(2026, 11, 23, 16, 30, 0, DateTimeKind.Utc), Chinese, "Asia/Shanghai"),
                Is.EqualTo("2026年11月24日 00:30"));
            Assert.That(Format("""{ "key": "a", "type": "boolean" }""", true, Chinese), Is.EqualTo("是"));
            Assert.That(Format("""{ "key": "a", "type": "select", "options": [ { "key": "won", "label": { "en": "Won", "zh-CN": "赢单" } } ] }""", "won", Chinese),
                Is.EqualTo("赢单"));
            Assert.That(Format("""{ "key": "a", "type": "multiselect", "options": [ { "key": "x", "label": "X" }, { "key": "y", "label": "Y" } ] }""",
                new List<string> { "y", "x", "gone" }, English), Is.EqualTo("Y, X, gone"));
            Assert.That(Format("""{ "key": "a", "type": "user", "multiple": true }""", new List<long> { 3, 9 }, English), Is.EqualTo("3, 9"));
            Assert.That(Format("""{ "key": "a", "type": "subform", "fields": [ { "key": "b", "type": "text" } ] }""",
                new List<SubformRow> { new(), new() }, English), Is.EqualTo("2 rows"));
            Assert.That(Format("""{ "key": "a", "type": "attachment" }""", JsonNode.Parse("""[{"name":"a.pdf","url":"u"},{"name":"b.png","url":"v"}]"""), English),
                Is.EqualTo("a.pdf, b.png"));
            Assert.That(Format("""{ "key": "a", "type": "text" }""", null, English), Is.EqualTo(""));
        });
    }
}
