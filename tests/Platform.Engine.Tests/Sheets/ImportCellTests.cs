using Platform.Engine.Forms;
using Platform.Engine.Sheets.Import;

namespace Platform.Engine.Tests.Sheets;

/// <summary>Cells as people type them, read into the values records are written with.</summary>
public sealed class ImportCellTests
{
    private static readonly FormDefinition Form = FormJson.Parse("""
        { "key": "customer", "fields": [
            { "key": "name", "type": "text" }, { "key": "amount", "type": "money" }, { "key": "share", "type": "percent" },
            { "key": "signedOn", "type": "date" }, { "key": "lastCall", "type": "datetime" }, { "key": "vip", "type": "boolean" },
            { "key": "phone", "type": "phone" },
            { "key": "source", "type": "select", "options": [ { "key": "web", "label": { "en": "Web", "zh-CN": "官网" } }, { "key": "fair", "label": "Trade fair" } ] },
            { "key": "tags", "type": "multiselect", "options": [ { "key": "vip", "label": "VIP" }, { "key": "cold", "label": { "en": "Cold", "zh-CN": "冷淡" } } ] },
            { "key": "code", "type": "autonumber" } ] }
        """);

    private static readonly ImportCell Cell = new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));

    private static readonly System.Text.Json.JsonSerializerOptions Plain = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string? Read(string field, object? cell) => Cell.Read(Form.Fields.Single(f => f.Key == field), cell)?.ToJsonString(Plain);

    [TestCase("amount", "１，２３４．５０", "1234.50")]
    [TestCase("amount", "¥1,234.5", "1234.5")]
    [TestCase("amount", "1 000 元", "1000")]
    [TestCase("amount", 99.5, "99.5")]
    [TestCase("share", "12.5%", "0.125")]
    [TestCase("share", "１２％", "0.12")]
    [TestCase("signedOn", "2024年3月5日", "\"2024-03-05\"")]
    [TestCase("signedOn", "2024/3/5", "\"2024-03-05\"")]
    [TestCase("signedOn", "2024.3.5", "\"2024-03-05\"")]
    [TestCase("signedOn", "２０２４－０３－０５", "\"2024-03-05\"")]
    [TestCase("signedOn", 45356.0, "\"2024-03-05\"")]
    [TestCase("lastCall", "2024-03-05 09:30", "\"2024-03-05T01:30:00Z\"")]
    [TestCase("lastCall", "2024年3月5日 9时30分", "\"2024-03-05T01:30:00Z\"")]
    [TestCase("vip", "是", "true")]
    [TestCase("vip", "No", "false")]
    [TestCase("vip", "√", "true")]
    [TestCase("phone", 13800000000.0, "\"13800000000\"")]
    [TestCase("source", "官网", "\"web\"")]
    [TestCase("source", " trade  FAIR ", "\"fair\"")]
    [TestCase("source", "web", "\"web\"")]
    [TestCase("tags", "VIP、冷淡", "[\"vip\",\"cold\"]")]
    [TestCase("tags", "vip；cold", "[\"vip\",\"cold\"]")]
    [TestCase("name", "　华为　", "\"华为\"")]
    public void A_cell_is_read_as_people_write_it(string field, object cell, string expected) =>
        Assert.That(Read(field, cell), Is.EqualTo(expected));

    [TestCase("amount", "about 100", "\"about 100\"")]
    [TestCase("signedOn", "next week", "\"next week\"")]
    [TestCase("source", "radio", "\"radio\"")]
    [TestCase("vip", "maybe", "\"maybe\"")]
    public void What_cannot_be_read_is_passed_on_as_written_for_the_fields_own_check(string field, string cell, string expected) =>
        Assert.That(Read(field, cell), Is.EqualTo(expected));

    [Test]
    public void Empty_cells_and_fields_the_platform_fills_give_nothing()
    {
        Assert.That(Read("name", "   "), Is.Null);
        Assert.That(Read("name", null), Is.Null);
        Assert.That(Read("code", "C-001"), Is.Null);
    }
}
