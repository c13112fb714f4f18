using ClosedXML.Excel;
using Platform.Engine.Sheets.Import;

namespace Platform.Engine.Tests.Sheets;

/// <summary>
/// A workbook's first rows (its headings, its preview) are read without reading the rest of it, and come back exactly as
/// the import's full reading (MiniExcel) gives them, from Excel-style workbooks (shared strings, styles, size stated
/// first) and MiniExcel's own (text inline, size stated last).
/// </summary>
public sealed class FirstRowsTests
{
    private static MemoryStream Excel()
    {
        using var book = new XLWorkbook();
        var sheet = book.Worksheets.Add("客户");
        sheet.Cell(1, 1).Value = "2026 年客户清单";
        sheet.Range(1, 1, 1, 6).Merge();
        sheet.Cell(2, 2).Style.Fill.BackgroundColor = XLColor.Yellow; // formatted, empty: a blank row all the same
        string[] headings = ["客户名称", "金额", "签约日期", "VIP", "备注", "电话"];
        for (var i = 0; i < headings.Length; i++) sheet.Cell(3, i + 1).Value = headings[i];
        sheet.Cell(4, 1).Value = "华为";
        sheet.Cell(4, 2).Value = 1234.5;
        sheet.Cell(4, 3).Value = new DateTime(2024, 3, 5);
        sheet.Cell(4, 4).Value = true;
        sheet.Cell(4, 5).Value = "第一行\r\n第二行 _x0041_";
        sheet.Cell(4, 6).Value = "13800000000";
        sheet.Cell(5, 1).RichText.AddText("腾").SetBold();
        sheet.Cell(5, 1).RichText.AddText("讯");
        sheet.Cell(5, 3).Value = 45356;
        sheet.Cell(5, 3).Style.NumberFormat.Format = "yyyy\"年\"m\"月\"d\"日\"";
        sheet.Cell(5, 6).Value = "   ";
        sheet.Cell(6, 2).Value = 7;
        sheet.Cell(6, 2).Style.NumberFormat.Format = "0.00%";
        for (var row = 7; row <= 30; row++) sheet.Cell(row, 1).Value = "客户 " + row;
        var file = new MemoryStream();
        book.SaveAs(file);
        file.Position = 0;
        return file;
    }

    private static MemoryStream MiniExcelBook()
    {
        var rows = Enumerable.Range(1, 30).Select(i => new Dictionary<string, object?>
        {
            ["名称"] = "客户 " + i, ["amount"] = i * 1.5, ["on"] = new DateTime(2024, 1, i % 28 + 1), ["ok"] = i % 2 == 0, ["note"] = i % 3 == 0 ? null : "n" + i,
        });
        var file = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(file, rows);
        file.Position = 0;
        return file;
    }

    private static IEnumerable<TestCaseData> Books()
    {
        yield return new TestCaseData((Func<MemoryStream>)Excel).SetArgDisplayNames("Excel-style");
        yield return new TestCaseData((Func<MemoryStream>)MiniExcelBook).SetArgDisplayNames("MiniExcel");
    }

    [TestCaseSource(nameof(Books))]
    public void The_first_rows_are_the_full_reading_s_first_rows(Func<MemoryStream> book)
    {
        var file = book();
        var full = SheetRows.Read(file, SheetFile.Xlsx).Take(HeaderRow.Looked).ToList();
        file.Position = 0;

        var first = SheetFile.FirstRows(file, SheetFile.Xlsx, HeaderRow.Looked, 500);

        Assert.That(first.Select(r => r.Number), Is.EqualTo(full.Select(r => r.Number)));
        for (var i = 0; i < full.Count; i++)
            Assert.That(first[i].Cells, Is.EqualTo(full[i].Cells), $"row {full[i].Number}");
        Assert.That(file.Position, Is.Zero, "the file is left at its start for the next reader");
    }

    [Test]
    public void Headings_are_found_below_a_merged_title_with_dates_and_numbers_typed()
    {
        var (row, headings) = SheetFile.Head(Excel(), SheetFile.Xlsx, new ImportOptions());
        var first = SheetFile.FirstRows(Excel(), SheetFile.Xlsx, 5, 500);

        Assert.That(row, Is.EqualTo(3));
        Assert.That(headings, Is.EqualTo(new[] { "客户名称", "金额", "签约日期", "VIP", "备注", "电话" }));
        Assert.That(first[2].Cells, Is.EqualTo(new object?[] { "华为", 1234.5, new DateTime(2024, 3, 5), true, "第一行\n第二行 _x0041_", 13800000000.0 }), "ClosedXML keeps a number written as text as a number");
        Assert.That(first[3].Cells, Is.EqualTo(new object?[] { "腾讯", null, new DateTime(2024, 3, 5) }), "rich text joined; a custom date format read as a date; blank text is no value");
        Assert.That(first[4].Cells, Is.EqualTo(new object?[] { null, 7.0 }), "a percentage is a number");
    }

    [Test]
    public void A_row_wider_than_allowed_is_refused_at_once()
    {
        var file = Excel();
        var refused = Assert.Throws<Platform.Engine.Validation.TooLargeException>(() => SheetFile.FirstRows(file, SheetFile.Xlsx, 10, 3));
        Assert.That(refused!.Code, Is.EqualTo("import.tooManyColumns"));
    }
}
