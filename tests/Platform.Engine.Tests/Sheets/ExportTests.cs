using System.Text;
using ClosedXML.Excel;
using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Sheets;
using Platform.Engine.Users;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Sheets;

/// <summary>Records exported to .xlsx and .csv as the caller sees them: typed cells, their language, their rights, and no formula that could run.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class ExportTests(TestDatabase target) : EngineFixture(target)
{
    private const string Form = """
        { "key": "customer", "fields": [
            { "key": "name", "type": "text", "required": true, "label": { "en": "Name", "zh-CN": "名称" } },
            { "key": "amount", "type": "money", "label": { "en": "Amount", "zh-CN": "金额" } },
            { "key": "share", "type": "percent" },
            { "key": "signedOn", "type": "date" },
            { "key": "lastCall", "type": "datetime" },
            { "key": "source", "type": "select", "options": [ { "key": "web", "label": { "en": "Web", "zh-CN": "官网" } } ] },
            { "key": "tags", "type": "multiselect", "options": [ { "key": "vip", "label": "VIP" }, { "key": "cold", "label": { "en": "Cold", "zh-CN": "冷淡" } } ] },
            { "key": "sales", "type": "user" },
            { "key": "secret", "type": "text" } ] }
        """;

    private async Task<(Platform.Engine.Models.FormModel Model, long Rep)> DataAsync()
    {
        var app = await NewAppAsync();
        var model = await PublishAsync(app, Form);
        var rep = await Platform.Engine.Tests.Support.TestUsers.AddAsync(Database, $"rep{Guid.NewGuid():N}@example.com");
        await Records.CreateAsync(model, Json.Of($$"""
            { "name": "Acme, Inc.", "amount": 1234.5, "share": 0.125, "signedOn": "2026-03-05", "lastCall": "2026-11-22T16:30:00Z",
              "source": "web", "tags": ["vip", "cold"], "sales": {{rep}}, "owner": {{rep}}, "secret": "s" }
            """), CallerContext.System);
        foreach (var hostile in new[] { "=HYPERLINK(\"http://evil\",\"x\")", "+1+2", "@SUM(A1)", "-3+cmd" })
            await Records.CreateAsync(model, Json.Of(System.Text.Json.JsonSerializer.Serialize(new { name = hostile })), CallerContext.System);
        return (model, rep);
    }

    private static CallerContext Chinese() => CallerContext.System with { Culture = "zh-CN", TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai") };

    private RecordExport Export => new(Records, new ReferenceNames(Records, Database));

    private static ExportRequest Request(string format, Filter? filter = null, IReadOnlyList<string>? columns = null) =>
        new(filter, [new SortKey("name", false)], columns, format);

    [Test]
    public async Task An_xlsx_export_has_typed_cells_and_words_in_the_readers_language_and_no_formula()
    {
        var (model, _) = await DataAsync();
        using var file = new MemoryStream();

        await Export.WriteAsync(model, Request("xlsx"), Chinese(), file);

        using var book = new XLWorkbook(new MemoryStream(file.ToArray()));
        var sheet = book.Worksheet(1);
        var headings = sheet.Row(1).CellsUsed().Select(c => c.GetString()).ToList();
        Assert.That(headings, Is.EqualTo(new[] { "名称", "金额", "share", "signedOn", "lastCall", "source", "tags", "sales", "secret", "负责人", "创建时间", "更新时间" }));
        var acme = sheet.RowsUsed().Single(r => r.Cell(1).GetString() == "Acme, Inc.");
        Assert.That((acme.Cell(2).DataType, acme.Cell(2).GetValue<decimal>()), Is.EqualTo((XLDataType.Number, 1234.5m)));
        Assert.That(acme.Cell(3).GetValue<decimal>(), Is.EqualTo(0.125m));
        Assert.That((acme.Cell(4).DataType, acme.Cell(4).GetDateTime()), Is.EqualTo((XLDataType.DateTime, new DateTime(2026, 3, 5))));
        Assert.That(acme.Cell(5).GetDateTime(), Is.EqualTo(new DateTime(2026, 11, 23, 0, 30, 0)), "the reader's time zone");
        Assert.That((acme.Cell(6).GetString(), acme.Cell(7).GetString()), Is.EqualTo(("官网", "VIP、冷淡")));
        Assert.That(acme.Cell(8).GetString(), Does.StartWith("rep").And.EndWith("@example.com"), "a person's name (their email when they have none)");
        Assert.That(acme.Cell(10).GetString(), Is.EqualTo(acme.Cell(8).GetString()));
        var hostile = sheet.RowsUsed().Skip(1).Select(r => r.Cell(1)).Where(c => c.GetString() is ['=' or '+' or '@' or '-', ..]).ToList();
        Assert.That(hostile, Has.Count.EqualTo(4));
        Assert.That(hostile.Select(c => c.HasFormula), Is.All.False, "text is never a formula");
        Assert.That(hostile.Select(c => c.DataType), Is.All.EqualTo(XLDataType.Text));
    }

    [Test]
    public async Task A_csv_export_is_utf8_with_a_mark_quoted_where_needed_and_formula_text_defused()
    {
        var (model, _) = await DataAsync();
        using var file = new MemoryStream();

        await Export.WriteAsync(model, Request("csv", columns: ["name", "amount", "signedOn", "source"]), Chinese(), file);

        var bytes = file.ToArray();
        Assert.That(bytes.Take(3), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo("名称,金额,signedOn,source"));
        Assert.That(lines, Does.Contain("\"Acme, Inc.\",1234.5,2026-03-05,官网"));
        Assert.That(lines, Does.Contain("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",,,"));
        Assert.That(lines, Does.Contain("'+1+2,,,").And.Contain("'@SUM(A1),,,").And.Contain("'-3+cmd,,,"));
    }

    [Test]
    public async Task An_export_holds_to_the_callers_rows_fields_and_rights()
    {
        var (model, rep) = await DataAsync();
        var own = User(rep) with
        {
            Access = new GivenAccess(Condition.Of("owner", "eq", "me"), new Dictionary<string, FieldView> { ["customer"] = new FieldView { Hidden = new HashSet<string> { "secret" } } }),
        };
        var noExport = User(rep) with { Access = new GivenAccess { Actions = new HashSet<RecordAction> { RecordAction.Read } } };
        using var file = new MemoryStream();

        await Export.WriteAsync(model, Request("xlsx"), own, file);
        var hidden = await Assert.ThrowsAsync<ForbiddenException>(() => Export.WriteAsync(model, Request("xlsx", columns: ["name", "secret"]), own, new MemoryStream()));
        var refused = await Assert.ThrowsAsync<ForbiddenException>(() => Export.WriteAsync(model, Request("csv"), noExport, new MemoryStream()));
        var format = await Assert.ThrowsAsync<ValidationFailedException>(() => Export.WriteAsync(model, Request("pdf"), own, new MemoryStream()));
        var badFilter = new MemoryStream();
        await Assert.ThrowsAsync<ValidationFailedException>(() => Export.WriteAsync(model, Request("xlsx", Condition.Of("nope", "eq", 1)), own, badFilter));

        using var book = new XLWorkbook(new MemoryStream(file.ToArray()));
        Assert.That(book.Worksheet(1).RowsUsed().Count(), Is.EqualTo(2), "the heading and their one customer");
        Assert.That(book.Worksheet(1).Row(1).CellsUsed().Select(c => c.GetString()), Does.Not.Contain("secret"));
        Assert.That((hidden!.Code, refused!.Code, format!.Errors.Single().Code), Is.EqualTo(("access.hiddenField", "access.action", "export.format")));
        Assert.That(badFilter.Length, Is.Zero, "nothing is written before the records are known to be readable");
    }

    [Test]
    public async Task The_import_template_has_the_settable_fields_an_example_row_and_drop_downs_of_choices()
    {
        var (model, rep) = await DataAsync();
        var importer = User(rep) with
        {
            Culture = "zh-CN",
            Access = new GivenAccess(null, new Dictionary<string, FieldView> { ["customer"] = new FieldView { Hidden = new HashSet<string> { "secret" } } }),
        };
        var reader = User(rep) with { Access = new GivenAccess { Actions = new HashSet<RecordAction> { RecordAction.Read } } };
        using var file = new MemoryStream();

        ImportTemplate.Write(model, importer, new DateTime(2026, 11, 30, 8, 0, 0, DateTimeKind.Utc), file);
        var refused = Assert.Throws<ForbiddenException>(() => ImportTemplate.Write(model, reader, DateTime.UtcNow, new MemoryStream()));

        using var book = new XLWorkbook(new MemoryStream(file.ToArray()));
        var sheet = book.Worksheet(1);
        Assert.That(sheet.Row(1).CellsUsed().Select(c => c.GetString()),
            Is.EqualTo(new[] { "名称 *", "金额", "share", "signedOn", "lastCall", "source", "tags", "sales" }), "no hidden field, nothing computed");
        Assert.That((sheet.Cell(2, 1).GetString(), sheet.Cell(2, 2).GetValue<decimal>(), sheet.Cell(2, 6).GetString()), Is.EqualTo(("示例", 1000m, "官网")));
        Assert.That(sheet.Cell(2, 4).GetDateTime(), Is.EqualTo(new DateTime(2026, 11, 30)));
        var dropDown = sheet.DataValidations.Single(v => v.Ranges.Any(r => r.FirstCell().Address.ColumnNumber == 7));
        Assert.That(dropDown.AllowedValues, Is.EqualTo(XLAllowedValues.List));
        Assert.That(book.Worksheet("lists").Visibility, Is.EqualTo(XLWorksheetVisibility.Hidden));
        Assert.That(book.Worksheet("lists").Column(7).CellsUsed().Select(c => c.GetString()), Is.EqualTo(new[] { "VIP", "冷淡" }));
        Assert.That(refused!.Code, Is.EqualTo("access.action"));
    }

    [Test]
    public async Task A_related_record_is_exported_by_its_name_where_the_reader_may_see_it()
    {
        var app = await NewAppAsync();
        var companies = await PublishAsync(app, """{ "key": "company", "fields": [ { "key": "name", "type": "text" } ] }""");
        var contacts = await PublishAsync(app, """{ "key": "contact", "fields": [ { "key": "name", "type": "text" }, { "key": "company", "type": "relation", "form": "company" } ] }""");
        var rep = await Platform.Engine.Tests.Support.TestUsers.AddAsync(Database, $"rep{Guid.NewGuid():N}@example.com");
        var theirs = await Records.CreateAsync(companies, Json.Of($$"""{ "name": "华为", "owner": {{rep}} }"""), CallerContext.System);
        var other = await Records.CreateAsync(companies, Json.Of("""{ "name": "腾讯" }"""), CallerContext.System);
        await Records.CreateAsync(contacts, Json.Of($$"""{ "name": "a", "company": {{theirs.Id}} }"""), CallerContext.System);
        await Records.CreateAsync(contacts, Json.Of($$"""{ "name": "b", "company": {{other.Id}} }"""), CallerContext.System);
        var ownCompanies = User(rep) with { Access = new OwnCompanies() };

        var all = await CsvAsync(contacts, CallerContext.System);
        var mine = await CsvAsync(contacts, ownCompanies);

        Assert.That(all, Is.EqualTo(new[] { "name,company", "a,华为", "b,腾讯" }));
        Assert.That(mine, Is.EqualTo(new[] { "name,company", "a,华为", $"b,#{other.Id}" }), "a company they may not see keeps its id");
    }

    private async Task<string[]> CsvAsync(Platform.Engine.Models.FormModel model, CallerContext caller)
    {
        using var file = new MemoryStream();
        await Export.WriteAsync(model, Request("csv", columns: ["name", "company"]), caller, file);
        return Encoding.UTF8.GetString(file.ToArray()[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    private sealed class OwnCompanies : IAccessRules
    {
        public bool Can(string app, string form, RecordAction action) => true;

        public Filter? RowScope(string app, string form) => form == "company" ? Condition.Of("owner", "eq", "me") : null;

        public Filter? WriteScope(string app, string form) => RowScope(app, form);

        public FieldView Fields(string app, string form) => FieldView.All;
    }
}
