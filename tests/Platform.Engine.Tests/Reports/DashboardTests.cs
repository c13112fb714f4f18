using ClosedXML.Excel;
using Platform.Engine.Records;
using Platform.Engine.Reports.Dashboards;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Reports;

/// <summary>Dashboards (a grid of reports with a shared filter) and reports exported to Excel.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class DashboardTests(TestDatabase target) : ReportFixture(target)
{
    private DashboardService Dashboards => new(Database, Reports, Time);

    private Task? _published;

    /// <summary>The reports every test here places, published once for the fixture's app.</summary>
    private Task PublishReportsAsync() => _published ??= PublishOnceAsync();

    private async Task PublishOnceAsync()
    {
        await Reports.PublishAsync(App, Report("""
            { "type": "funnel", "key": "funnel", "name": { "en": "Sales funnel", "zh-CN": "销售漏斗" }, "form": "customer", "stageField": "stage",
              "stages": [ "lead", "mql", "opp", "won" ] }
            """));
        await Reports.PublishAsync(App, Report("""
            { "type": "ranking", "key": "top", "name": { "en": "Top sales", "zh-CN": "销售排行" }, "form": "customer", "groupBy": { "field": "owner" },
              "measure": { "aggregate": "sum", "field": "amount" } }
            """));
        var visits = await PublishAsync(App, """{ "key": "visit", "fields": [ { "key": "place", "type": "text" } ] }""");
        foreach (var place in new[] { "Shanghai", "Beijing" }) await Records.CreateAsync(visits, Json.Of($$"""{ "place": "{{place}}" }"""), CallerContext.System);
        await Reports.PublishAsync(App, Report("""{ "type": "kpi", "key": "visits", "form": "visit", "measure": { "aggregate": "count" } }"""));
    }

    private static DashboardDefinition Dashboard(string json) => DashboardService.Read(Json.Of(json));

    [Test]
    public async Task A_dashboard_runs_each_report_with_the_shared_filter_where_its_form_can_answer_it()
    {
        await PublishReportsAsync();
        await Dashboards.PublishAsync(App, Dashboard("""
            { "key": "sales", "name": { "en": "Sales", "zh-CN": "销售看板" }, "filter": { "field": "source", "op": "eq", "value": "web" },
              "items": [ { "report": "funnel", "x": 0, "y": 0, "w": 6, "h": 4 }, { "report": "top", "x": 6, "y": 0, "w": 6, "h": 4 },
                         { "report": "visits", "x": 0, "y": 4, "w": 3, "h": 2, "title": "Visits" } ] }
            """));

        var result = await Dashboards.ResultAsync(App, "sales", Admin(culture: "zh-CN"));
        var hidden = User(A) with { Access = new GivenAccess(Views: new Dictionary<string, FieldView> { ["customer"] = new FieldView { Hidden = new HashSet<string> { "amount" } } }) };
        var member = await Dashboards.ResultAsync(App, "sales", hidden);

        Assert.That(result.Name, Is.EqualTo("销售看板"));
        Assert.That(result.Items.Select(i => i.Title), Is.EqualTo(new[] { "销售漏斗", "销售排行", "Visits" }));
        Assert.That(result.Items.Select(i => i.Form), Is.EqualTo(new[] { "customer", "customer", "visit" }), "the form whose records a drill-down lists");
        // Web customers: c1 and c2 (leads, A) and c5 (won, C); the visits have no source and are all counted.
        Assert.That(result.Items[0].Result!.Rows.Select(r => r.Values["count"]), Is.EqualTo(new object[] { 2L, 0L, 0L, 1L }));
        Assert.That(result.Items[1].Result!.Rows.Select(r => (r.Values["owner"], r.Values["sum_amount"])), Is.EqualTo(new[] { ((object?)C, (object?)800m), (A, 300m) }));
        Assert.That(result.Items[2].Result!.Rows.Single().Values["value"], Is.EqualTo(2L));
        Assert.That(member.Items[0].Result, Is.Not.Null);
        Assert.That((member.Items[1].Result, member.Items[1].Error!.Code), Is.EqualTo(((Platform.Engine.Reports.ReportResult?)null, "access.hiddenField")));
    }

    [Test]
    public async Task A_bad_dashboard_is_refused_with_each_problem_at_its_place()
    {
        await PublishReportsAsync();

        var e = await Assert.ThrowsAsync<DefinitionRejectedException>(() => Dashboards.PublishAsync(App, Dashboard("""
            { "key": "bad", "filter": { "field": "source", "op": "eq'; DROP TABLE pf_reports; --" },
              "items": [ { "report": "nope", "x": 0, "y": 0 }, { "report": "funnel", "x": 10, "y": 0, "w": 6 },
                         { "report": "top", "x": 0, "y": 0, "w": 2, "h": 2 } ] }
            """)));

        Assert.That(e!.Errors.Select(x => (x.Field, x.Code)), Is.EquivalentTo(new[]
        {
            ("items[0].report", "report.notFound"), ("items[1]", "dashboard.grid"), ("items[2]", "dashboard.overlap"),
        }));
        var empty = await Assert.ThrowsAsync<DefinitionRejectedException>(() => Dashboards.PublishAsync(App, Dashboard("""{ "key": "empty", "items": [] }""")));
        Assert.That(empty!.Errors.Single().Message("zh-CN"), Does.Contain("仪表盘需要放置"));
    }

    [Test]
    public async Task A_report_exports_to_a_formatted_sheet_with_its_totals()
    {
        await PublishReportsAsync();
        await Reports.PublishAsync(App, Report("""
            { "type": "chart", "key": "sources", "name": { "en": "By source", "zh-CN": "来源分布" }, "form": "customer", "chart": "bar",
              "dimensions": [ { "field": "source" } ], "measures": [ { "aggregate": "count" }, { "aggregate": "sum", "field": "amount" } ] }
            """));
        using var file = new MemoryStream();

        await Reports.ExportAsync(App, "sources", Admin(culture: "zh-CN"), null, file);

        using var book = new XLWorkbook(new MemoryStream(file.ToArray()));
        var sheet = book.Worksheet(1);
        Assert.That(sheet.Name, Is.EqualTo("来源分布"));
        Assert.That(sheet.Cell(3, 2).GetString(), Is.EqualTo("数量"));
        Assert.That((sheet.Cell(4, 1).GetString(), sheet.Cell(4, 2).GetValue<decimal>(), sheet.Cell(4, 3).GetValue<decimal>()), Is.EqualTo(("官网", 3m, 1100m)));
        Assert.That(sheet.Cell(4, 3).Style.NumberFormat.Format, Is.EqualTo("#,##0.00"));
        Assert.That((sheet.Cell(8, 1).GetString(), sheet.Cell(8, 2).GetValue<decimal>(), sheet.Cell(8, 3).GetValue<decimal>()), Is.EqualTo(("合计", 7m, 2950m)));
        Assert.That(sheet.Cell(8, 1).Style.Font.Bold, Is.True);
    }

    [Test]
    public async Task A_dashboard_exports_a_sheet_per_report_the_viewer_can_see()
    {
        await PublishReportsAsync();
        await Dashboards.PublishAsync(App, Dashboard("""
            { "key": "all", "items": [ { "report": "funnel", "x": 0, "y": 0 }, { "report": "top", "x": 6, "y": 0 }, { "report": "visits", "x": 0, "y": 4 } ] }
            """));
        using var file = new MemoryStream();

        await Dashboards.ExportAsync(App, "all", Admin(), null, file);

        using var book = new XLWorkbook(new MemoryStream(file.ToArray()));
        Assert.That(book.Worksheets.Select(w => w.Name), Is.EqualTo(new[] { "Sales funnel", "Top sales", "visits" }));
        Assert.That(book.Worksheet("Top sales").Cell(4, 2).GetValue<decimal>(), Is.EqualTo(1300m));
    }
}
