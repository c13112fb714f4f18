using System.IO.Compression;
using System.Text;
using ClosedXML.Excel;
using Dapper;
using Platform.Engine.Jobs;
using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Sheets.Import;
using Platform.Engine.Users;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Sheets;

/// <summary>
/// Imports as teams bring them: a messy workbook (a merged title, blank rows, full-width text, serial and Chinese dates,
/// people by name and email, options by label) with bad rows named cell by cell; a GBK CSV; upserts with keys repeated in
/// the file; all-or-nothing; cancel; a job stopped half-way taken up again without a row twice; workflows only when asked.
/// </summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class ImportTests(TestDatabase target) : EngineFixture(target)
{
    private const string Form = """
        { "key": "customer", "fields": [
            { "key": "name", "type": "text", "required": true, "label": { "en": "Customer name", "zh-CN": "客户名称" } },
            { "key": "email", "type": "email", "label": { "en": "Email", "zh-CN": "邮箱" } },
            { "key": "amount", "type": "money", "label": { "en": "Amount", "zh-CN": "金额" } },
            { "key": "signedOn", "type": "date", "label": { "en": "Signed on", "zh-CN": "签约日期" } },
            { "key": "source", "type": "select", "label": { "en": "Source", "zh-CN": "来源" },
              "options": [ { "key": "web", "label": { "en": "Web", "zh-CN": "官网" } }, { "key": "fair", "label": { "en": "Trade fair", "zh-CN": "展会" } } ] },
            { "key": "tags", "type": "multiselect", "label": { "en": "Tags", "zh-CN": "标签" },
              "options": [ { "key": "vip", "label": "VIP" }, { "key": "cold", "label": { "en": "Cold", "zh-CN": "冷淡" } } ] },
            { "key": "sales", "type": "user", "label": { "en": "Sales", "zh-CN": "销售" } } ] }
        """;

    private ImportOptions Options { get; } = new() { BatchSize = 10 };

    private (ImportService Imports, JobService Jobs) Services()
    {
        var jobs = new JobService(Database, [Job()], Clock);
        return (new ImportService(Database, jobs, Clock, Options), jobs);
    }

    private ImportJob Job() => new(Database, Forms, Records, new UserService(Database, Clock), new AccessResolver(Database), new CallerFactory(), Clock, Options,
        new UserAttributes(Database, Clock));

    private async Task<long> PersonAsync(string name, string email)
    {
        var id = await Support.TestUsers.AddAsync(Database, email);
        await using var connection = await Database.OpenAsync();
        await connection.ExecuteAsync("UPDATE pf_users SET name = @name WHERE id = @id", new { name, id });
        return id;
    }

    private static MemoryStream Book(Action<IXLWorksheet> fill)
    {
        using var book = new XLWorkbook();
        fill(book.Worksheets.Add("客户"));
        var file = new MemoryStream();
        book.SaveAs(file);
        file.Position = 0;
        return file;
    }

    private static void Headings(IXLWorksheet sheet, int row, params string[] headings)
    {
        for (var i = 0; i < headings.Length; i++) sheet.Cell(row, i + 1).Value = headings[i];
    }

    private async Task<ImportInfo> ImportAsync(Platform.Engine.Models.FormModel model, Stream file, string name, ImportSettings? settings = null)
    {
        var (imports, jobs) = Services();
        var started = await imports.StartAsync(model, file, name, settings, CallerContext.System);
        Assert.That(started.Status, Is.EqualTo(ImportStatus.Queued));
        await jobs.RunDueAsync();
        return await imports.GetAsync(model, started.Id, CallerContext.System);
    }

    private async Task<List<RecordData>> AllAsync(Platform.Engine.Models.FormModel model) =>
        (await Records.QueryAsync(model, new QueryRequest { PageSize = 1000, Sort = [new SortKey("name", false)] }, CallerContext.System)).Items.ToList();

    private async Task<Dictionary<int, string>> ReportAsync(Platform.Engine.Models.FormModel model, long id, string culture = "en")
    {
        var (imports, _) = Services();
        var file = new MemoryStream();
        await imports.WriteErrorsAsync(model, id, CallerContext.System with { Culture = culture }, file);
        using var book = new XLWorkbook(new MemoryStream(file.ToArray()));
        var sheet = book.Worksheet(1);
        var last = sheet.Row(1).LastCellUsed().Address.ColumnNumber;
        return sheet.RowsUsed().Skip(1).ToDictionary(r => (int)r.Cell(last - 1).GetDouble(), r => r.Cell(last).GetString());
    }

    [Test]
    public async Task A_messy_workbook_is_imported_and_each_bad_cell_is_named_in_the_report()
    {
        var model = await PublishAsync(await NewAppAsync(), Form);
        var wang = await PersonAsync("王芳", $"wang{Guid.NewGuid():N}@example.com");
        var li = await PersonAsync("李雷", $"li{Guid.NewGuid():N}@example.com");
        var liEmail = (await new UserService(Database, Clock).GetAsync(li)).Email;
        var file = Book(sheet =>
        {
            sheet.Cell(1, 1).Value = "2026 年客户清单（华东区）";
            sheet.Range(1, 1, 1, 7).Merge();
            Headings(sheet, 3, "　客户名称＊ ", "邮箱", "金额", "签约日期", "来源", "标签", "销售");
            var row = 4;
            for (var i = 0; i < 40; i++, row++)
            {
                if (i == 10) row++; // a blank row in the middle
                sheet.Cell(row, 1).Value = $" 客户{i:00}　";
                sheet.Cell(row, 2).Value = $"c{i}@example.com";
                if (i % 3 == 0) sheet.Cell(row, 3).Value = "１２,３４５.５０";
                else sheet.Cell(row, 3).Value = 1000 + i;
                if (i % 2 == 0) sheet.Cell(row, 4).Value = new DateTime(2024, 3, 5);
                else sheet.Cell(row, 4).Value = "2024年3月5日";
                sheet.Cell(row, 5).Value = i % 2 == 0 ? "官网" : "Trade fair";
                sheet.Cell(row, 6).Value = "VIP、冷淡";
                sheet.Cell(row, 7).Value = i % 2 == 0 ? "王芳" : liEmail;
            }
            // Two bad rows of forty (5%): an amount in words and a date that is none; a person nobody is.
            sheet.Cell(7, 3).Value = "一万";
            sheet.Cell(7, 4).Value = "明天";
            sheet.Cell(20, 7).Value = "张三";
        });

        var done = await ImportAsync(model, file, "客户.xlsx");

        Assert.That((done.Status, done.Total, done.Read, done.Created, done.Failed), Is.EqualTo((ImportStatus.Done, (long?)40, 40L, 38L, 2L)), done.Error);
        var records = await AllAsync(model);
        Assert.That(records, Has.Count.EqualTo(38));
        var first = records[0];
        Assert.That(first.Values["name"], Is.EqualTo("客户00"), "full-width and trailing spaces trimmed");
        Assert.That(first.Values["amount"], Is.EqualTo(12345.50m), "full-width digits and a thousands separator");
        Assert.That(first.Values["signedOn"], Is.EqualTo(new DateOnly(2024, 3, 5)));
        Assert.That(records[1].Values["signedOn"], Is.EqualTo(new DateOnly(2024, 3, 5)), "a Chinese date text");
        Assert.That((first.Values["source"], records[1].Values["source"]), Is.EqualTo(("web", "fair")), "options by either language's label");
        Assert.That(first.Values["tags"], Is.EqualTo(new[] { "vip", "cold" }));
        Assert.That((first.Values["sales"], records[1].Values["sales"]), Is.EqualTo((wang, li)), "people by name and by email");

        var report = await ReportAsync(model, done.Id);
        Assert.That(report.Keys, Is.EquivalentTo(new[] { 7, 20 }), "each bad row by its row in the sheet");
        Assert.That(report[7], Does.Contain("金额: Expected a number").And.Contain("签约日期: Expected a date"));
        Assert.That(report[20], Does.Contain("销售: No active person").And.Contain("张三"));
        var chinese = await ReportAsync(model, done.Id, "zh-CN");
        Assert.That(chinese[7], Does.Contain("金额：应为数字"));
    }

    [Test]
    public async Task Related_records_departments_and_people_are_found_by_their_names_and_a_name_shared_by_two_is_refused()
    {
        var app = await NewAppAsync();
        var companies = await PublishAsync(app, """{ "key": "company", "fields": [ { "key": "name", "type": "text" } ] }""");
        var model = await PublishAsync(app, """
            { "key": "contact", "fields": [ { "key": "name", "type": "text" },
              { "key": "company", "type": "relation", "form": "company", "label": { "zh-CN": "公司" } },
              { "key": "team", "type": "department", "label": { "zh-CN": "部门" } },
              { "key": "helpers", "type": "user", "multiple": true, "label": { "zh-CN": "协作人" } } ] }
            """);
        var huawei = await Records.CreateAsync(companies, Json.Of("""{ "name": "华为技术有限公司（深圳）" }"""), CallerContext.System);
        await Records.CreateAsync(companies, Json.Of("""{ "name": "星辰" }"""), CallerContext.System);
        await Records.CreateAsync(companies, Json.Of("""{ "name": "星辰" }"""), CallerContext.System);
        var suffix = "12" + Guid.NewGuid().ToString("N")[..4]; // digits in a name: still a name, not a phone
        var zhao = await PersonAsync("赵六" + suffix, $"zhao{suffix}@example.com");
        var qian = await PersonAsync("钱七" + suffix, $"qian{suffix}@example.com");
        await using (var connection = await Database.OpenAsync())
            await connection.ExecuteAsync("UPDATE pf_users SET phone = @phone WHERE id = @id", new { phone = $"+86 138-{suffix[..4].GetHashCode() & 0xFFFF:0000}-0001", id = qian });
        var phone = (await new UserService(Database, Clock).GetAsync(qian)).Phone!;
        long east;
        await using (var connection = await Database.OpenAsync())
            east = await connection.ExecuteScalarAsync<long>(Database.Dialect.InsertReturningId("pf_departments", ["name", "sort_order", "created_at"]),
                new { p0 = "华东销售部" + suffix, p1 = 0L, p2 = Database.Dialect.ToDb(Platform.Engine.Storage.ColumnType.DateTime, DateTime.UtcNow) });
        var csv = Encoding.UTF8.GetBytes($"name,公司,部门,协作人\na,华为技术有限公司（深圳）,华东销售部{suffix},赵六{suffix}、{phone}\nb,星辰,,\nc,不存在的公司,,\n");

        var done = await ImportAsync(model, new MemoryStream(csv), "contacts.csv");

        Assert.That((done.Created, done.Failed), Is.EqualTo((1L, 2L)), string.Join(" | ", (await ReportAsync(model, done.Id)).Values));
        var a = (await AllAsync(model)).Single();
        Assert.That((a.Values["company"], a.Values["team"], a.Values["helpers"]), Is.EqualTo(((object?)huawei.Id, (object?)east, (object?)new[] { zhao, qian })),
            "a related record by its name as stored (full-width brackets kept), a department by name, people by name and phone");
        var report = await ReportAsync(model, done.Id);
        Assert.That(report[3], Does.Contain("Several related records are called '星辰'"));
        Assert.That(report[4], Does.Contain("No related record is called '不存在的公司'"));
    }

    [Test]
    public async Task Subform_rows_come_from_a_second_sheet_keyed_by_the_parents_first_column()
    {
        var model = await PublishAsync(await NewAppAsync(), """
            { "key": "order", "fields": [ { "key": "number", "type": "text", "label": { "zh-CN": "订单号" } },
              { "key": "items", "type": "subform", "label": { "en": "Items", "zh-CN": "明细" }, "fields": [
                { "key": "product", "type": "text", "label": { "zh-CN": "产品" } }, { "key": "qty", "type": "number", "label": { "zh-CN": "数量" } } ] } ] }
            """);
        using var book = new XLWorkbook();
        var orders = book.Worksheets.Add("订单");
        Headings(orders, 1, "订单号");
        orders.Cell(2, 1).Value = "SO-001";
        orders.Cell(3, 1).Value = "SO-002";
        orders.Cell(4, 1).Value = "SO-003";
        var items = book.Worksheets.Add("明细");
        Headings(items, 1, "订单号", "数量", "产品");
        object[][] lines = [["SO-002", 1, "键盘"], ["SO-001", 2, "显示器"], ["SO-002", "３", "鼠标"]];
        for (var r = 0; r < lines.Length; r++)
            for (var c = 0; c < 3; c++) items.Cell(r + 2, c + 1).Value = lines[r][c];
        var file = new MemoryStream();
        book.SaveAs(file);
        file.Position = 0;

        var done = await ImportAsync(model, file, "orders.xlsx");

        Assert.That((done.Created, done.Failed), Is.EqualTo((3L, 0L)), done.Error);
        var stored = (await Records.QueryAsync(model, new QueryRequest { Sort = [new SortKey("number", false)] }, CallerContext.System)).Items;
        string Lines(RecordData order) => string.Join(" ", ((IEnumerable<object?>?)order.Values.GetValueOrDefault("items") ?? [])
            .Select(r => (IReadOnlyDictionary<string, object?>)r!).Select(r => $"{r["product"]}×{r["qty"]}"));
        Assert.That(stored.Select(Lines), Is.EqualTo(new[] { "显示器×2", "键盘×1 鼠标×3", "" }));
    }

    [Test]
    public async Task A_duplicate_check_refuses_rows_matching_a_record_or_an_earlier_row_and_imports_the_rest()
    {
        var model = await PublishAsync(await NewAppAsync(), Form.Replace("\"required\": true,", "\"required\": true, \"duplicates\": \"refuse\","));
        await Records.CreateAsync(model, Json.Of("""{ "name": "华为技术有限公司" }"""), CallerContext.System);
        var csv = "Customer name,Amount\n华为技术,1\n腾讯科技（深圳）有限公司,2\n腾讯科技(深圳),3\nACME Ltd.,4\n";

        var done = await ImportAsync(model, new MemoryStream(Encoding.UTF8.GetBytes(csv)), "customers.csv");

        Assert.That((done.Status, done.Created, done.Failed), Is.EqualTo((ImportStatus.Done, 2L, 2L)), done.Error);
        Assert.That((await AllAsync(model)).Select(r => r.Values["name"]), Is.EquivalentTo(new[] { "ACME Ltd.", "华为技术有限公司", "腾讯科技（深圳）有限公司" }));
        var report = await ReportAsync(model, done.Id);
        Assert.That(report.Keys, Is.EquivalentTo(new[] { 2, 4 }), "the row matching a record, the row matching an earlier row");
        Assert.That(report[2], Does.Contain("Already entered as '华为技术有限公司'"));
        Assert.That(report[4], Does.Contain("same value"));
    }

    [Test]
    public async Task A_gbk_csv_is_imported_in_its_own_encoding()
    {
        var model = await PublishAsync(await NewAppAsync(), Form);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var csv = Encoding.GetEncoding("GB18030").GetBytes("客户名称,金额,来源\r\n华为技术有限公司,\"1,000\",官网\r\n腾讯科技（深圳）有限公司,¥2000,展会\r\n");

        var done = await ImportAsync(model, new MemoryStream(csv), "customers.csv");

        Assert.That((done.Status, done.Created, done.Failed), Is.EqualTo((ImportStatus.Done, 2L, 0L)), done.Error);
        var records = await AllAsync(model);
        Assert.That(records.Select(r => (r.Values["name"], r.Values["amount"], r.Values["source"])),
            Is.EqualTo(new[] { ((object?)"华为技术有限公司", (object?)1000m, (object?)"web"), ("腾讯科技（深圳）有限公司", 2000m, "fair") }));
    }

    [Test]
    public async Task An_upsert_updates_by_key_creates_the_rest_and_reports_keys_repeated_in_the_file()
    {
        var model = await PublishAsync(await NewAppAsync(), Form);
        var existing = await Records.CreateAsync(model, Json.Of("""{ "name": "Acme", "email": "acme@example.com", "amount": 1 }"""), CallerContext.System);
        var file = Book(sheet =>
        {
            Headings(sheet, 1, "Email", "Customer name", "Amount");
            object[][] rows = [["acme@example.com", "Acme", 100], ["new@example.com", "New Co", 5], ["new@example.com", "New Co again", 6], ["", "No key", 7]];
            for (var r = 0; r < rows.Length; r++)
                for (var c = 0; c < 3; c++) sheet.Cell(r + 2, c + 1).Value = rows[r][c];
        });

        var done = await ImportAsync(model, file, "upsert.xlsx", new ImportSettings { Mode = ImportModes.Upsert, Key = "email" });

        Assert.That((done.Status, done.Created, done.Updated, done.Failed), Is.EqualTo((ImportStatus.Done, 1L, 1L, 2L)), done.Error);
        var records = await AllAsync(model);
        Assert.That(records.Select(r => (r.Values["name"], r.Values["amount"])), Is.EqualTo(new[] { ((object?)"Acme", (object?)100m), ("New Co", 5m) }));
        Assert.That(records[0].Id, Is.EqualTo(existing.Id), "updated in place");
        var report = await ReportAsync(model, done.Id);
        Assert.That(report[4], Does.Contain("'new@example.com' appears already in row 3"));
        Assert.That(report[5], Does.Contain("The key is empty"));
    }

    [Test]
    public async Task An_update_only_import_names_the_keys_no_record_has()
    {
        var model = await PublishAsync(await NewAppAsync(), Form);
        var acme = await Records.CreateAsync(model, Json.Of("""{ "name": "Acme", "amount": 1 }"""), CallerContext.System);
        var csv = Encoding.UTF8.GetBytes($"id,amount\n{acme.Id},50\n999999,60\n");

        var done = await ImportAsync(model, new MemoryStream(csv), "update.csv",
            new ImportSettings { Mode = ImportModes.Update, Key = "id", Mapping = new Dictionary<string, string?> { ["id"] = "id", ["amount"] = "amount" } });

        Assert.That((done.Status, done.Created, done.Updated, done.Failed), Is.EqualTo((ImportStatus.Done, 0L, 1L, 1L)), string.Join(" | ", (await ReportAsync(model, done.Id)).Values));
        Assert.That((await AllAsync(model)).Single().Values["amount"], Is.EqualTo(50m));
        Assert.That((await ReportAsync(model, done.Id))[3], Does.Contain("No record has '999999'"));
    }

    [Test]
    public async Task Aborting_on_errors_writes_nothing_when_a_row_is_bad_and_everything_when_none_is()
    {
        var model = await PublishAsync(await NewAppAsync(), Form);
        var rows = string.Join("\n", Enumerable.Range(0, 25).Select(i => $"c{i},{(i == 17 ? "lots" : i.ToString())}"));

        var refused = await ImportAsync(model, new MemoryStream(Encoding.UTF8.GetBytes("Customer name,Amount\n" + rows)), "a.csv", new ImportSettings { OnError = ImportModes.Abort });

        Assert.That((refused.Status, refused.Created, refused.Failed), Is.EqualTo((ImportStatus.Failed, 0L, 1L)));
        Assert.That(refused.Error, Does.Contain("1 rows have errors"));
        Assert.That(await AllAsync(model), Is.Empty, "not one row of the 24 good ones");
        Assert.That((await ReportAsync(model, refused.Id)).Keys, Is.EqualTo(new[] { 19 }));

        var fixedRows = rows.Replace("lots", "17");
        var done = await ImportAsync(model, new MemoryStream(Encoding.UTF8.GetBytes("Customer name,Amount\n" + fixedRows)), "a.csv", new ImportSettings { OnError = ImportModes.Abort });
        Assert.That((done.Status, done.Created, done.Read), Is.EqualTo((ImportStatus.Done, 25L, 25L)), done.Error);
        Assert.That(await AllAsync(model), Has.Count.EqualTo(25));
    }

    [Test]
    public async Task A_job_stopped_half_way_is_taken_up_after_its_lease_and_writes_every_row_once()
    {
        var model = await PublishAsync(await NewAppAsync(), Form);
        var csv = Encoding.UTF8.GetBytes("Customer name,Amount\n" + string.Join("\n", Enumerable.Range(0, 95).Select(i => $"c{i:000},{i}")));
        var stopping = new CancellationTokenSource();
        var job = Job();
        var jobs = new JobService(Database, [new StoppingRunner(job, stopping, afterBatches: 4)], Clock);
        var imports = new ImportService(Database, jobs, Clock, Options);
        var started = await imports.StartAsync(model, new MemoryStream(csv), "big.csv", null, CallerContext.System);

        await Assert.CatchAsync<OperationCanceledException>(() => jobs.RunDueAsync(stopping.Token));
        var halfway = await imports.GetAsync(model, started.Id, CallerContext.System);
        Assert.That((halfway.Status, halfway.Created), Is.EqualTo((ImportStatus.Running, 40L)), "four batches kept; the process 'died'");
        Assert.That(await AllAsync(model), Has.Count.EqualTo(40));

        jobs = new JobService(Database, [job], Clock);
        Assert.That(await jobs.RunDueAsync(), Is.Zero, "still leased to the stopped process");
        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.That(await jobs.RunDueAsync(), Is.EqualTo(1));

        var done = await imports.GetAsync(model, started.Id, CallerContext.System);
        Assert.That((done.Status, done.Read, done.Created), Is.EqualTo((ImportStatus.Done, 95L, 95L)));
        var names = (await AllAsync(model)).Select(r => (string)r.Values["name"]!).ToList();
        Assert.That(names, Is.EqualTo(Enumerable.Range(0, 95).Select(i => $"c{i:000}")), "every row exactly once");
    }

    /// <summary>A runner whose process stops after some batches: the job's token is cancelled as a shutdown would.</summary>
    private sealed class StoppingRunner(ImportJob inner, CancellationTokenSource stopping, int afterBatches) : JobRunner
    {
        public override string Kind => inner.Kind;

        public override Task<long> RunAsync(NewJob job, JobProgress progress, CancellationToken ct)
        {
            var reports = 0;
            return inner.RunAsync(job, async (done, total, changed) =>
            {
                await progress(done, total, changed);
                if (++reports > afterBatches) await stopping.CancelAsync();
            }, stopping.Token);
        }
    }

    [Test]
    public async Task A_cancelled_import_stops_before_its_next_batch()
    {
        var model = await PublishAsync(await NewAppAsync(), Form);
        var (imports, jobs) = Services();
        var started = await imports.StartAsync(model, new MemoryStream(Encoding.UTF8.GetBytes("Customer name\na\nb\n")), "c.csv", null, CallerContext.System);

        var asked = await imports.CancelAsync(model, started.Id, CallerContext.System);
        Assert.That(asked.CancelRequested);
        await jobs.RunDueAsync();

        var ended = await imports.GetAsync(model, started.Id, CallerContext.System);
        Assert.That((ended.Status, ended.Created), Is.EqualTo((ImportStatus.Cancelled, 0L)));
        Assert.That(await AllAsync(model), Is.Empty);
        var again = await Assert.ThrowsAsync<ConflictException>(() => imports.CancelAsync(model, started.Id, CallerContext.System));
        Assert.That(again!.Code, Is.EqualTo("import.ended"));
    }

    [Test]
    public async Task Imported_records_start_workflows_only_when_the_import_asks()
    {
        var model = await PublishAsync(await NewAppAsync(), Form);

        var quiet = await ImportAsync(model, new MemoryStream(Encoding.UTF8.GetBytes("Customer name\nquiet\n")), "q.csv");
        var loud = await ImportAsync(model, new MemoryStream(Encoding.UTF8.GetBytes("Customer name\nloud\n")), "l.csv", new ImportSettings { Workflows = true });

        await using var connection = await Database.OpenAsync();
        var events = (await connection.QueryAsync<(string Ref, object? Dispatched)>(
            "SELECT actor_ref, dispatched_at FROM pf_outbox WHERE form_id = @form AND actor_kind = 'import'", new { form = model.FormId })).ToList();
        Assert.That(events.Single(e => e.Ref == quiet.Id.ToString()).Dispatched, Is.Not.Null, "written, but never handed to workflows");
        Assert.That(events.Single(e => e.Ref == loud.Id.ToString()).Dispatched, Is.Null, "waiting for the dispatcher");
        var history = await Records.HistoryAsync(model, (await AllAsync(model))[0].Id, CallerContext.System);
        Assert.That(history[0].Actor.Kind, Is.EqualTo(Actor.ImportKind));
    }

    [Test]
    public async Task Settings_that_cannot_work_are_refused_together_before_anything_is_kept()
    {
        var model = await PublishAsync(await NewAppAsync(), Form);
        var (imports, _) = Services();
        var csv = Encoding.UTF8.GetBytes("Customer name,Amount\na,1\n");

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => imports.StartAsync(model, new MemoryStream(csv), "x.csv", new ImportSettings
        {
            Mode = "merge", OnError = "ignore",
            Mapping = new Dictionary<string, string?> { ["Customer name"] = "nope", ["Amount"] = "amount", ["Missing"] = "email" },
        }, CallerContext.System));
        Assert.That(refused!.Errors.Select(e => (e.Field, e.Code)), Is.EquivalentTo(new[]
        {
            ("mapping.Customer name", "unknownField"), ("mapping.Missing", "import.noSuchColumn"), ("mode", "import.mode"), ("onError", "import.onError"),
        }));
        var noKey = await Assert.ThrowsAsync<ValidationFailedException>(() => imports.StartAsync(model, new MemoryStream(csv), "x.csv",
            new ImportSettings { Mode = ImportModes.Upsert, Key = "email" }, CallerContext.System));
        Assert.That(noKey!.Errors.Select(e => (e.Field, e.Code)), Is.EqualTo(new[] { ("key", "import.keyNotMapped") }));
        var wrongFormat = await Assert.ThrowsAsync<ValidationFailedException>(() => imports.StartAsync(model, new MemoryStream(csv), "x.xlsx", null, CallerContext.System));
        Assert.That(wrongFormat!.Errors.Single().Code, Is.EqualTo("import.notWhatItSays"));
        var forbidden = await Assert.ThrowsAsync<ForbiddenException>(() => imports.StartAsync(model, new MemoryStream(csv), "x.csv", null,
            CallerContext.ForUser(5) with { Access = new GivenAccess { Actions = new HashSet<RecordAction> { RecordAction.Read, RecordAction.Create } } }));
        Assert.That(forbidden!.Args, Does.Contain("import"));
        await using var connection = await Database.OpenAsync();
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pf_imports WHERE app_key = @app", new { app = model.AppKey }), Is.Zero);
    }

    [Test]
    public async Task Hostile_files_are_refused_from_their_first_bytes_within_a_small_memory_budget()
    {
        var (imports, _) = Services();
        Options.MaxFileBytes = 4 * 1024 * 1024;
        var model = await PublishAsync(await NewAppAsync(), Form);
        var zipBomb = ZipBomb();
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var bomb = await Assert.ThrowsAsync<ValidationFailedException>(() => imports.StartAsync(model, zipBomb, "bomb.xlsx", null, CallerContext.System));
        Assert.That(bomb!.Errors.Single().Code, Is.EqualTo("import.zipBomb"));
        var entities = await Assert.ThrowsAsync<ValidationFailedException>(() => imports.StartAsync(model, WithSheet(
            """<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&c;</t></is></c></row></sheetData></worksheet>"""),
            "entities.xlsx", null, CallerContext.System));
        Assert.That(entities!.Errors.Single().Code, Is.EqualTo("import.unreadable"));
        var external = await Assert.ThrowsAsync<ValidationFailedException>(() => imports.StartAsync(model, WithSheet(
            """<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>"""),
            "external.xlsx", null, CallerContext.System));
        Assert.That(external!.Errors.Single().Code, Is.EqualTo("import.unreadable"));
        var wide = await Assert.ThrowsAsync<TooLargeException>(() => imports.StartAsync(model, WithSheet(
            """<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row></sheetData></worksheet>"""),
            "wide.xlsx", null, CallerContext.System));
        Assert.That(wide!.Code, Is.EqualTo("import.tooManyColumns"));
        var huge = await Assert.ThrowsAsync<TooLargeException>(() => imports.StartAsync(model, new MemoryStream(new byte[Options.MaxFileBytes + 1]), "huge.csv", null, CallerContext.System));
        Assert.That(huge!.Code, Is.EqualTo("import.tooLarge"));

        Assert.That(GC.GetTotalAllocatedBytes(precise: true) - before, Is.LessThan(40L * 1024 * 1024), "nothing was inflated");
    }

    [Test]
    public async Task A_sheet_past_the_row_limit_that_did_not_state_its_size_is_refused_with_nothing_written()
    {
        Options.MaxRows = 25;
        var model = await PublishAsync(await NewAppAsync(), Form);
        var file = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(file, Enumerable.Range(1, 40).Select(i => new Dictionary<string, object?> { ["客户名称"] = "客户 " + i }));
        file.Position = 0;
        var (imports, jobs) = Services();

        var started = await imports.StartAsync(model, file, "big.xlsx", null, CallerContext.System);
        Assert.That(started.Total, Is.Null, "MiniExcel states a sheet's size after its rows: the job counts them");
        await jobs.RunDueAsync();
        var ended = await imports.GetAsync(model, started.Id, CallerContext.System);

        Assert.That(ended.Status, Is.EqualTo(ImportStatus.Failed));
        Assert.That(ended.Created, Is.Zero);
        Assert.That(await AllAsync(model), Is.Empty, "counted beside the first batches' reading, refused before the first of them was written");
    }

    /// <summary>A workbook whose one sheet is 64 MB of the same byte: 64 kilobytes zipped (bombs nest such parts to reach terabytes).</summary>
    private static MemoryStream ZipBomb()
    {
        var file = new MemoryStream();
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("xl/workbook.xml").Open().Dispose();
            using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            var block = new byte[1024 * 1024];
            Array.Fill(block, (byte)' ');
            for (var i = 0; i < 64; i++) sheet.Write(block);
        }
        file.Position = 0;
        return file;
    }

    /// <summary>A real workbook with its sheet's XML replaced.</summary>
    private static MemoryStream WithSheet(string xml)
    {
        var file = Book(sheet => sheet.Cell(1, 1).Value = "name");
        using (var zip = new ZipArchive(file, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.Entries.First(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal));
            var name = entry.FullName;
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(name).Open());
            writer.Write(xml);
        }
        file.Position = 0;
        return file;
    }
}
