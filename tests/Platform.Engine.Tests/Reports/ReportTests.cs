using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Validation;

namespace Platform.Engine.Tests.Reports;

/// <summary>Each kind of report on a hand-counted data set, on every database: figures, ties, empty stages, null groups, scopes, time zones, drill-downs.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class ReportTests(TestDatabase target) : ReportFixture(target)
{
    private const string Funnel = """
        { "type": "funnel", "key": "funnel", "form": "customer", "stageField": "stage", "stages": [ "lead", "mql", "sql", "opp", "won" ],
          "measure": { "aggregate": "sum", "field": "amount" } }
        """;

    [Test]
    public async Task A_snapshot_funnel_counts_each_stage_what_reached_it_and_the_conversions_with_empty_stages_as_zero()
    {
        var result = await RunAsync(Funnel);

        Assert.That(result.Rows.Select(r => Value(r, "stage")), Is.EqualTo(new[] { "lead", "mql", "sql", "opp", "won" }));
        Assert.That(result.Rows.Select(r => Value(r, "count")), Is.EqualTo(new object[] { 2L, 1L, 0L, 1L, 2L }));
        Assert.That(result.Rows.Select(r => Value(r, "reached")), Is.EqualTo(new object[] { 6L, 4L, 3L, 3L, 2L }));
        Assert.That(result.Rows.Select(r => Value(r, "conversion")), Is.EqualTo(new object?[] { null, 0.666667m, 0.75m, 1m, 0.666667m }));
        Assert.That(result.Rows.Select(r => Value(r, "conversionFromFirst")), Is.EqualTo(new object?[] { 1m, 0.666667m, 0.5m, 0.5m, 0.333333m }));
        Assert.That(result.Rows.Select(r => Value(r, "sum_amount")), Is.EqualTo(new object?[] { 300m, 300m, 0m, 1000m, 1300m }));
        Assert.That(result.Totals!.Values["count"], Is.EqualTo(6L));
        Assert.That(result.Rows[0].Labels!["stage"], Is.EqualTo("Lead"));
        foreach (var row in result.Rows)
        {
            Assert.That(await DrillCountAsync(row.Drill), Is.EqualTo(Value(row, "count")), $"{Value(row, "stage")}: count");
            Assert.That(await DrillCountAsync(row.Drills!["reached"]), Is.EqualTo(Value(row, "reached")), $"{Value(row, "stage")}: reached");
        }
    }

    [Test]
    public async Task A_salespersons_funnel_counts_only_their_own_records()
    {
        var result = await RunAsync(Funnel, OwnOnly(A));

        Assert.That(result.Rows.Select(r => Value(r, "count")), Is.EqualTo(new object[] { 2L, 0L, 0L, 0L, 1L }));
        Assert.That(result.Rows.Select(r => Value(r, "sum_amount")), Is.EqualTo(new object?[] { 300m, 0m, 0m, 0m, 500m }));
        Assert.That(await DrillCountAsync(result.Rows[0].Drill, OwnOnly(A)), Is.EqualTo(2));
    }

    [Test]
    public async Task A_ranking_ranks_ties_equally_keeps_every_tie_in_the_top_and_leaves_the_pool_out()
    {
        var result = await RunAsync("""
            { "type": "ranking", "key": "top", "form": "customer", "groupBy": { "field": "owner" }, "measure": { "aggregate": "sum", "field": "amount" }, "top": 2 }
            """);

        Assert.That(result.Rows.Select(r => (Value(r, "owner"), Value(r, "sum_amount"), r.Rank)),
            Is.EquivalentTo(new[] { ((object?)B, (object?)1300m, (int?)1), (A, 800m, 2), (C, 800m, 2) }));
        Assert.That(result.Rows[0].Labels!["owner"], Does.StartWith("b"));
        Assert.That(await DrillCountAsync(result.Rows.Single(r => Equals(Value(r, "owner"), B)).Drill), Is.EqualTo(2));
    }

    [Test]
    public async Task A_ranking_with_a_period_compares_each_group_with_the_period_before_in_the_viewers_time_zone()
    {
        const string ranking = """
            { "type": "ranking", "key": "month", "form": "customer", "groupBy": { "field": "owner" }, "measure": { "aggregate": "sum", "field": "amount" },
              "period": { "field": "createdAt", "range": "thisMonth" } }
            """;

        var utc = await RunAsync(ranking);
        var shanghai = await RunAsync(ranking, Admin("Asia/Shanghai"));

        Assert.That(utc.Rows.Select(r => (Value(r, "owner"), Value(r, "sum_amount"), Value(r, "previous"), Value(r, "change"), Value(r, "changeRate"), r.Rank)),
            Is.EqualTo(new[]
            {
                ((object?)B, (object?)1300m, (object?)0m, (object?)1300m, (object?)null, (int?)1),
                (A, 300m, 500m, -200m, -0.4m, 2),
                (C, 0m, 800m, -800m, -1m, 3),
            }));
        Assert.That(utc.Period, Is.EqualTo(new Platform.Engine.Reports.ReportSpan(new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 1))));
        Assert.That(utc.PreviousPeriod, Is.EqualTo(new Platform.Engine.Reports.ReportSpan(new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 1))));
        Assert.That(shanghai.Rows.Single(r => Equals(Value(r, "owner"), A)).Values["sum_amount"], Is.EqualTo(800m));
        Assert.That(await DrillCountAsync(shanghai.Rows.Single(r => Equals(Value(r, "owner"), A)).Drill, Admin("Asia/Shanghai")), Is.EqualTo(3));
    }

    [Test]
    public async Task A_chart_groups_by_a_select_in_option_order_with_the_empty_group_last_and_totals()
    {
        var result = await RunAsync("""
            { "type": "chart", "key": "sources", "form": "customer", "chart": "pie", "dimensions": [ { "field": "source" } ],
              "measures": [ { "aggregate": "count" }, { "aggregate": "sum", "field": "amount" } ] }
            """, Admin(culture: "zh-CN"));

        Assert.That(result.Rows.Select(r => (Value(r, "source"), Value(r, "count"), Value(r, "sum_amount"))),
            Is.EqualTo(new[] { ((object?)"web", (object?)3L, (object?)1100m), ("fair", 2L, 350m), ("referral", 1L, 1000m), (null, 1L, 500m) }));
        Assert.That(result.Rows.Select(r => r.Labels!["source"]), Is.EqualTo(new[] { "官网", "fair", "referral", "（空）" }));
        Assert.That((result.Totals!.Values["count"], result.Totals.Values["sum_amount"]), Is.EqualTo((7L, 2950m)));
        Assert.That(result.Columns.Select(c => c.Label), Is.EqualTo(new[] { "source", "数量", "金额合计" }));
        foreach (var row in result.Rows) Assert.That(await DrillCountAsync(row.Drill), Is.EqualTo(Value(row, "count")));
    }

    [Test]
    public async Task A_monthly_trend_buckets_by_the_viewers_time_zone_and_shows_every_month()
    {
        const string trend = """
            { "type": "chart", "key": "trend", "form": "customer", "chart": "line", "dimensions": [ { "field": "createdAt", "bucket": "month" } ],
              "measures": [ { "aggregate": "count" } ], "period": { "field": "createdAt", "from": "2026-09-01", "to": "2026-12-01" } }
            """;

        var utc = await RunAsync(trend);
        var shanghai = await RunAsync(trend, Admin("Asia/Shanghai"));

        Assert.That(utc.Rows.Select(r => (r.Labels!["createdAt"], Value(r, "count"))), Is.EqualTo(new[] { ("2026-09", 0L), ("2026-10", 2L), ("2026-11", 5L) }));
        Assert.That(shanghai.Rows.Select(r => (r.Labels!["createdAt"], Value(r, "count"))), Is.EqualTo(new[] { ("2026-09", 0L), ("2026-10", 1L), ("2026-11", 6L) }));
        foreach (var row in shanghai.Rows) Assert.That(await DrillCountAsync(row.Drill, Admin("Asia/Shanghai")), Is.EqualTo(Value(row, "count")));
    }

    [Test]
    public async Task A_chart_by_tags_counts_a_record_under_each_of_its_tags_and_the_total_once()
    {
        var result = await RunAsync("""
            { "type": "chart", "key": "tags", "form": "customer", "chart": "bar", "dimensions": [ { "field": "tags" } ], "measures": [ { "aggregate": "count" } ] }
            """);

        Assert.That(result.Rows.Select(r => (Value(r, "tags"), Value(r, "count"))), Is.EqualTo(new[] { ((object?)"vip", 2L), ("cold", 1L), (null, 5L) }));
        Assert.That(result.Totals!.Values["count"], Is.EqualTo(7L));
        foreach (var row in result.Rows) Assert.That(await DrillCountAsync(row.Drill), Is.EqualTo(Value(row, "count")));
    }

    [Test]
    public async Task A_pivot_gives_cells_and_the_totals_of_rows_columns_and_all()
    {
        var result = await RunAsync("""
            { "type": "pivot", "key": "pivot", "form": "customer", "rows": { "field": "owner" }, "columns": { "field": "stage" },
              "measure": { "aggregate": "sum", "field": "amount" } }
            """);

        Assert.That(result.Rows.Single(r => Equals(Value(r, "owner"), A) && Equals(Value(r, "stage"), "lead")).Values["sum_amount"], Is.EqualTo(300m));
        Assert.That(result.Subtotals!["owner"].Select(r => (Value(r, "owner"), Value(r, "sum_amount"))),
            Is.EquivalentTo(new[] { ((object?)A, (object?)800m), (B, 1300m), (C, 800m), (null, 50m) }));
        Assert.That(result.Subtotals["stage"].Select(r => (Value(r, "stage"), Value(r, "sum_amount"))),
            Is.EqualTo(new[] { ((object?)"lead", (object?)300m), ("mql", 300m), ("opp", 1000m), ("won", 1300m), ("lost", 50m) }));
        Assert.That(result.Totals!.Values["sum_amount"], Is.EqualTo(2950m));
    }

    [Test]
    public async Task A_kpi_gives_a_ratio_and_its_change_against_the_period_before()
    {
        var result = await RunAsync("""
            { "type": "kpi", "key": "winRate", "form": "customer", "name": { "en": "Win rate", "zh-CN": "赢单率" },
              "measure": { "aggregate": "count", "key": "won", "where": { "field": "stage", "op": "eq", "value": "won" } },
              "of": { "aggregate": "count", "key": "closed", "where": { "field": "stage", "op": "in", "value": [ "won", "lost" ] } },
              "period": { "field": "createdAt", "range": "thisMonth" } }
            """);
        var always = await RunAsync("""
            { "type": "kpi", "key": "avgDeal", "form": "customer", "measure": { "aggregate": "avg", "field": "amount", "where": { "field": "stage", "op": "eq", "value": "won" } } }
            """);

        var row = result.Rows.Single();
        Assert.That((Value(row, "value"), Value(row, "won"), Value(row, "closed"), Value(row, "previous"), Value(row, "change")),
            Is.EqualTo(((object?)0m, (object?)0L, (object?)1L, (object?)1m, (object?)(-1m))));
        Assert.That(result.Columns[0].Label, Is.EqualTo("Win rate"));
        Assert.That(always.Rows.Single().Values["value"], Is.EqualTo(650m));
    }

    [Test]
    public async Task A_field_the_viewer_may_not_read_cannot_be_reported_on()
    {
        var hidden = User(A) with { Access = new GivenAccess(Views: new Dictionary<string, FieldView> { ["customer"] = new FieldView { Hidden = new HashSet<string> { "amount" } } }) };

        var e = await Assert.ThrowsAsync<ForbiddenException>(() => RunAsync("""
            { "type": "ranking", "key": "top", "form": "customer", "groupBy": { "field": "owner" }, "measure": { "aggregate": "sum", "field": "amount" } }
            """, hidden));

        Assert.That((e!.Code, e.Message), Is.EqualTo(("access.hiddenField", "'amount' is not a field you may read.")));
    }

    [Test]
    public async Task Bad_definitions_are_refused_with_every_problem_at_its_place()
    {
        var e = await Assert.ThrowsAsync<DefinitionRejectedException>(() => Reports.PublishAsync(App, Report("""
            { "type": "chart", "key": "bad", "form": "customer", "chart": "donut",
              "dimensions": [ { "field": "nope" }, { "field": "signedOn" } ],
              "measures": [ { "aggregate": "sum", "field": "name" }, { "aggregate": "median", "field": "amount" },
                            { "aggregate": "sum", "field": "amount; DROP TABLE pf_users" } ],
              "filter": { "field": "stage", "op": "eq'); DELETE FROM pf_users; --", "value": "won" } }
            """)));

        Assert.That(e!.Errors.Select(x => (x.Field, x.Code)), Is.EquivalentTo(new[]
        {
            ("chart", "report.unknownChart"), ("dimensions[0].field", "unknownField"), ("dimensions[1].bucket", "report.bucket"),
            ("measures[0].field", "report.aggregateNotForField"), ("measures[1].aggregate", "report.unknownAggregate"),
            ("measures[2].field", "unknownField"), ("filter", "filter.unknownOperator"),
        }));
        Assert.That(e.Errors.First(x => x.Code == "report.aggregateNotForField").Message("zh-CN"), Does.StartWith("sum 不适用于“name”"));
        var unknown = await Assert.ThrowsAsync<DefinitionRejectedException>(() => Reports.PublishAsync(App, Report("""{ "type": "gauge", "key": "g", "form": "customer" }""")));
        Assert.That(unknown!.Errors.Single().Code, Is.EqualTo("report.unknownKind"));
        var form = await Assert.ThrowsAsync<DefinitionRejectedException>(() => Reports.PublishAsync(App, Report("""{ "type": "kpi", "key": "k", "form": "nope" }""")));
        Assert.That(form!.Errors.Single().Code, Is.EqualTo("report.unknownForm"));
        await Assert.ThrowsAsync<NotFoundException>(() => Reports.GetAsync(App, "bad"));
    }

    [Test]
    public async Task Too_many_groups_are_capped_with_a_message_and_too_many_buckets_are_refused()
    {
        var few = new Platform.Engine.Reports.ReportService(Database, Forms, Records, Time, new Platform.Engine.Reports.ReportOptions(TimeSpan.Zero, MaxGroups: 2));
        var capped = await few.PreviewAsync(App, Report("""
            { "type": "chart", "key": "names", "form": "customer", "chart": "bar", "dimensions": [ { "field": "name" } ],
              "measures": [ { "aggregate": "sum", "field": "amount" } ] }
            """), Admin(culture: "zh-CN"));
        Assert.That(capped.Rows.Select(r => (Value(r, "name"), Value(r, "sum_amount"))), Is.EqualTo(new[] { ((object?)"c4", (object?)1000m), ("c5", 800m) }));
        Assert.That(capped.Totals!.Values["sum_amount"], Is.EqualTo(2950m), "the total still counts every record");
        Assert.That(capped.Messages.Single().Message, Is.EqualTo("按 name 分组只显示最大的 2 组；请加筛选条件查看其余。"));

        var days = await Assert.ThrowsAsync<DefinitionRejectedException>(() => RunAsync("""
            { "type": "chart", "key": "days", "form": "customer", "chart": "line", "dimensions": [ { "field": "createdAt", "bucket": "day" } ],
              "measures": [ { "aggregate": "count" } ], "period": { "field": "createdAt", "from": "2020-01-01", "to": "2026-01-01" } }
            """));
        Assert.That(days!.Errors.Single().Code, Is.EqualTo("report.tooManyBuckets"));
    }

    [Test]
    public async Task A_published_report_runs_by_its_key_and_keeps_its_versions()
    {
        var first = await Reports.PublishAsync(App, Report(Funnel));
        var second = await Reports.PublishAsync(App, Report(Funnel.Replace("\"won\" ]", "\"won\", \"lost\" ]")));

        var result = await Reports.ResultAsync(App, "funnel", OwnOnly(A), Condition.Of("source", "eq", "web"));

        Assert.That((first, second), Is.EqualTo((1, 2)));
        Assert.That(result.Rows.Select(r => Value(r, "count")), Is.EqualTo(new object[] { 2L, 0L, 0L, 0L, 0L, 0L }));
        Assert.That((await Reports.ListAsync(App)).Single(r => r.Key == "funnel").Version, Is.EqualTo(2));
        Assert.That(((Platform.Engine.Reports.Definitions.FunnelReport)(await Reports.GetAsync(App, "funnel", 1)).Definition).Stages, Has.Count.EqualTo(5));
    }

    [Test]
    public async Task A_reports_answer_is_kept_until_a_record_of_its_form_changes()
    {
        var app = await NewAppAsync();
        var notes = await PublishAsync(app, """{ "key": "note", "fields": [ { "key": "text", "type": "text" } ] }""");
        await Records.CreateAsync(notes, Json.Of("""{ "text": "a" }"""), CallerContext.System);
        var count = Report("""{ "type": "kpi", "key": "notes", "form": "note", "measure": { "aggregate": "count" } }""");

        var first = await Reports.PreviewAsync(app, count, Admin());
        var (hits, misses) = Reports.CacheStats;
        var again = await Reports.PreviewAsync(app, count, Admin());
        var kept = Reports.CacheStats;
        await Records.CreateAsync(notes, Json.Of("""{ "text": "b" }"""), CallerContext.System);
        var after = await Reports.PreviewAsync(app, count, Admin());

        Assert.That((first.Rows[0].Values["value"], again.Rows[0].Values["value"], after.Rows[0].Values["value"]), Is.EqualTo((1L, 1L, 2L)));
        Assert.That((kept.Hits - hits, kept.Misses - misses), Is.EqualTo((1, 0)), "the second run reads nothing but the form's newest change");
        Assert.That(Reports.CacheStats.Misses - kept.Misses, Is.EqualTo(1), "a new record is counted at once");
    }
}
