using Platform.Engine.Records;

namespace Platform.Engine.Tests.Reports;

/// <summary>Reports over the stage history and related records: cohort funnels, time in stage, data quality and follow-up timeliness.</summary>
[TestFixtureSource(typeof(Databases), nameof(Databases.All))]
public sealed class StageReportTests(TestDatabase target) : ReportFixture(target)
{
    private async Task MoveAsync(RecordData record, string stage, string at)
    {
        Time.Now = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture);
        var current = await Records.GetAsync(Customers, record.Id, CallerContext.System);
        await Records.UpdateAsync(Customers, record.Id, Json.Of($$"""{ "stage": "{{stage}}" }"""), current.Version, CallerContext.System);
        Time.Now = Now;
    }

    [Test]
    public async Task A_cohort_funnel_counts_the_stages_entered_within_the_period_and_the_median_time_in_each()
    {
        var r1 = await AddAsync("r1", "lead", "web", 1, A, "2026-12-01T00:00:00Z");
        var r2 = await AddAsync("r2", "lead", "web", 2, A, "2026-12-02T00:00:00Z");
        var r3 = await AddAsync("r3", "lead", "web", 4, B, "2026-11-28T00:00:00Z");
        await MoveAsync(r1, "mql", "2026-12-03T00:00:00Z");
        await MoveAsync(r1, "sql", "2026-12-06T00:00:00Z");
        await MoveAsync(r2, "mql", "2026-12-04T00:00:00Z");
        await MoveAsync(r3, "mql", "2026-12-05T00:00:00Z");
        Time.Now = new DateTimeOffset(2026, 12, 20, 0, 0, 0, TimeSpan.Zero);

        var result = await RunAsync("""
            { "type": "funnel", "key": "cohort", "form": "customer", "stageField": "stage", "stages": [ "lead", "mql", "sql" ], "mode": "cohort",
              "timeInStage": true, "measure": { "aggregate": "sum", "field": "amount" }, "period": { "field": "stage", "range": "thisMonth" } }
            """);

        Assert.That(result.Rows.Select(r => (Value(r, "count"), Value(r, "reached"), Value(r, "sum_amount"))),
            Is.EqualTo(new[] { ((object?)0L, (object?)3L, (object?)0m), (2L, 3L, 6m), (1L, 1L, 1m) }));
        Assert.That(result.Rows.Select(r => Value(r, "conversion")), Is.EqualTo(new object?[] { null, 1m, 0.333333m }));
        // Lead stays: 48 h, 48 h and 7 days (r3 entered lead before the period); mql: r1's 72 h (the others are still there).
        Assert.That(result.Rows.Select(r => Value(r, "medianHours")), Is.EqualTo(new object?[] { 48m, 72m, null }));
        foreach (var row in result.Rows)
        {
            Assert.That(await DrillCountAsync(row.Drill), Is.EqualTo(Value(row, "count")));
            Assert.That(await DrillCountAsync(row.Drills!["reached"]), Is.EqualTo(Value(row, "reached")));
        }
        Time.Now = Now;
    }

    [Test]
    public async Task Data_quality_reports_completeness_stage_requirements_and_follow_ups_in_time()
    {
        var app = await NewAppAsync();
        var form = CustomerForm.Replace("\"stages\": {}", """ "stages": { "entry": { "opp": { "required": [ "signedOn" ] } } } """);
        var customers = await PublishAsync(app, form.Replace("\"stages\": { \"entry\"", "\"stages\": { \"entryLater\""));
        var followUps = await PublishAsync(app, """
            { "key": "followUp", "fields": [ { "key": "customer", "type": "relation", "form": "customer" }, { "key": "note", "type": "text" } ] }
            """);
        async Task<RecordData> Add(string json, string at, Platform.Engine.Models.FormModel model)
        {
            Time.Now = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture);
            return await Records.CreateAsync(model, Json.Of(json), CallerContext.System);
        }
        var fast = await Add("""{ "name": "fast", "stage": "opp", "source": "web", "signedOn": "2026-11-01" }""", "2026-11-01T00:00:00Z", customers);
        var slow = await Add("""{ "name": "slow", "stage": "opp" }""", "2026-11-02T00:00:00Z", customers);
        await Add("""{ "name": "new", "stage": "lead", "source": "fair" }""", "2026-11-23T00:00:00Z", customers);
        await Add($$"""{ "customer": {{fast.Id}} }""", "2026-11-01T10:00:00Z", followUps);
        await Add($$"""{ "customer": {{slow.Id}} }""", "2026-11-04T02:00:00Z", followUps);
        // The rule arrives after the records: one opportunity lacks what it now requires.
        await Forms.PublishAsync(app, Platform.Engine.Forms.FormJson.Parse(form));
        Time.Now = Now;

        var result = await Reports.PreviewAsync(app, Report("""
            { "type": "dataQuality", "key": "quality", "form": "customer", "fields": [ "source", "signedOn" ], "stageField": "stage",
              "followUp": { "form": "followUp", "relation": "customer", "withinHours": 48 } }
            """), Admin());

        Assert.That(result.Rows.Select(r => (Value(r, "check"), Value(r, "subject"), Value(r, "good"), Value(r, "total"))), Is.EqualTo(new[]
        {
            ((object?)"completeness", (object?)"source", (object?)2L, (object?)3L), ("completeness", "signedOn", 1L, 3L),
            ("stageRequirements", "opp", 1L, 2L), ("followUp", "followUp", 1L, 2L),
        }));
        var perOwner = await Reports.PreviewAsync(app, Report("""
            { "type": "chart", "key": "calls", "form": "customer", "chart": "bar", "dimensions": [ { "field": "stage" } ],
              "measures": [ { "aggregate": "count", "key": "calls", "via": { "form": "followUp", "relation": "customer" } } ] }
            """), Admin());
        Assert.That(perOwner.Rows.Select(r => (Value(r, "stage"), Value(r, "calls"))), Is.EqualTo(new[] { ((object?)"lead", (object?)0L), ("opp", 2L) }));
        Assert.That(perOwner.Columns.Single(c => c.Key == "calls").Form, Is.EqualTo("followUp"));
        var calls = await Records.QueryAsync(followUps, new Platform.Engine.Records.Query.QueryRequest { Filter = perOwner.Rows[1].Drills!["calls"], Count = true }, Admin());
        Assert.That(calls.Total, Is.EqualTo(2), "the cell's follow-ups, found through the relation");
        // Beside a measure of the customers' own, the follow-ups are grouped per customer first, so neither is counted twice.
        var both = await Reports.PreviewAsync(app, Report("""
            { "type": "chart", "key": "calls", "form": "customer", "chart": "bar", "dimensions": [ { "field": "stage" } ],
              "measures": [ { "aggregate": "count" }, { "aggregate": "count", "key": "calls", "via": { "form": "followUp", "relation": "customer" } } ] }
            """), Admin());
        Assert.That(both.Rows.Select(r => (Value(r, "stage"), Value(r, "count"), Value(r, "calls"))),
            Is.EqualTo(new[] { ((object?)"lead", (object?)1L, (object?)0L), ("opp", 2L, 2L) }));
        var model = await Forms.GetModelAsync(app, "customer");
        var missing = await Records.QueryAsync(model, new Platform.Engine.Records.Query.QueryRequest { Filter = result.Rows[2].Drill, Count = true }, Admin());
        Assert.That(missing.Items.Select(r => r.Values["name"]), Is.EqualTo(new[] { "slow" }));
    }
}
