using System.Text;
using ClosedXML.Excel;
using Platform.Engine.Records;
using Platform.Engine.Sheets.Import;

namespace Platform.Engine.Tests.Sheets;

/// <summary>Reading what teams arrive with: a title merged above the headings, blank rows, full-width headings, GBK and UTF-8 CSV.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class ImportReadingTests(TestDatabase target) : EngineFixture(target)
{
    private const string Form = """
        { "key": "customer", "fields": [
            { "key": "name", "type": "text", "label": { "en": "Customer name", "zh-CN": "客户名称" } },
            { "key": "amount", "type": "money", "label": { "en": "Amount", "zh-CN": "金额" } },
            { "key": "phone", "type": "phone", "label": { "en": "Phone", "zh-CN": "电话" } },
            { "key": "code", "type": "autonumber", "label": { "en": "Code", "zh-CN": "编号" } } ] }
        """;

    private static MemoryStream Workbook()
    {
        using var book = new XLWorkbook();
        var sheet = book.Worksheets.Add("客户");
        sheet.Cell(1, 1).Value = "2026 年客户清单";
        sheet.Range(1, 1, 1, 4).Merge();
        sheet.Cell(3, 1).Value = "　客户名称＊ ";
        sheet.Cell(3, 2).Value = "ＡＭＯＵＮＴ";
        sheet.Cell(3, 3).Value = "电话";
        sheet.Cell(3, 4).Value = "备注";
        sheet.Cell(4, 1).Value = "华为";
        sheet.Cell(4, 2).Value = 1000;
        sheet.Cell(4, 3).Value = "13800000000";
        sheet.Cell(6, 1).Value = "腾讯";
        sheet.Cell(6, 2).Value = "２,０００";
        var file = new MemoryStream();
        book.SaveAs(file);
        file.Position = 0;
        return file;
    }

    [Test]
    public async Task A_sheet_with_a_merged_title_and_blank_rows_finds_its_headings_and_suggests_the_fields()
    {
        var model = await PublishAsync(await NewAppAsync(), Form);

        var rows = SheetRows.Read(Workbook(), "xlsx").Select(r => r.Cells).ToList();
        var header = HeaderRow.Find(rows);
        var mapping = ColumnMapping.Suggest(model, rows[header].Select(c => c as string).ToList(), CallerContext.System);

        Assert.That(rows, Has.Count.EqualTo(4), "the blank rows are gone");
        Assert.That(header, Is.EqualTo(1), "the merged title is passed over");
        Assert.That(mapping, Is.EqualTo(new[] { "name", "amount", "phone", null }), "normalised headings; a column no field matches stays unmapped");
        Assert.That(rows[2][0], Is.EqualTo("华为"));
        Assert.That(rows[3][1], Is.EqualTo("２,０００"), "cells come as written; reading them as numbers is the codecs' work");
    }

    [TestCase("GB18030", false)]
    [TestCase("utf-8", true)]
    [TestCase("utf-8", false)]
    public void A_csv_is_read_in_its_own_encoding(string name, bool mark)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var encoding = name == "utf-8" ? new UTF8Encoding(mark) : Encoding.GetEncoding(name);
        var text = "客户名称,金额,备注\r\n华为技术有限公司,1000,深圳市龙岗区坂田街道\r\n腾讯科技（深圳）有限公司,2000,“重要”客户\r\n";
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(text)).ToArray();

        var rows = SheetRows.Read(new MemoryStream(bytes), "csv").Select(r => r.Cells).ToList();

        Assert.That(rows.Select(r => r[0]), Is.EqualTo(new[] { "客户名称", "华为技术有限公司", "腾讯科技（深圳）有限公司" }));
        Assert.That(rows[2][2], Is.EqualTo("“重要”客户"));
    }

    [Test]
    public void Headings_are_compared_without_width_case_spaces_or_a_required_mark()
    {
        Assert.That(ColumnMapping.Normalise("　客户名称＊ "), Is.EqualTo("客户名称"));
        Assert.That(ColumnMapping.Normalise("ＡＭＯＵＮＴ"), Is.EqualTo("amount"));
        Assert.That(ColumnMapping.Normalise("Customer  Name"), Is.EqualTo("customername"));
    }
}
