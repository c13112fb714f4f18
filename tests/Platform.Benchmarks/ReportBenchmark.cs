using Dapper;
using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Records;
using Platform.Engine.Records.Query;
using Platform.Engine.Reports;
using Platform.Engine.Reports.Definitions;
using Platform.Engine.Scripting;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Schema;

namespace Platform.Benchmarks;

/// <summary>
/// Reports over 1M customers and 5M follow-ups, each beside the hand-written GROUP BY that answers the same question on
/// the same data in the same run. The data is loaded once with bulk SQL (what is measured is reading, not loading) and
/// kept: the next run on the same database reuses it.
/// </summary>
public sealed class ReportBenchmark(PlatformDatabase database, int customers, TextWriter log)
{
    private const string App = "reports";
    private const int Owners = 50;
    private const int Rounds = 15;
    private static readonly string[] Stages = ["lead", "mql", "sql", "opportunity", "customer", "loyal"];

    private static readonly string Form = $$"""
        { "key": "customer", "fields": [
            { "key": "name", "type": "text" },
            { "key": "stage", "type": "select", "options": [ {{string.Join(", ", Stages.Select(s => $"{{ \"key\": \"{s}\" }}"))}} ] },
            { "key": "source", "type": "select", "options": [ { "key": "web" }, { "key": "fair" }, { "key": "referral" }, { "key": "ads" } ] },
            { "key": "amount", "type": "money" } ],
          "indexes": [ { "fields": ["stage", "amount"] }, { "fields": ["owner", "stage", "amount"] }, { "fields": ["owner", "amount"] } ] }
        """;

    private const string FollowUpForm = """
        { "key": "followUp", "fields": [ { "key": "customer", "type": "relation", "form": "customer" }, { "key": "note", "type": "text" } ] }
        """;

    public async Task<List<Measurement>> RunAsync()
    {
        await SystemSchema.MigrateAsync(database);
        var clock = TimeProvider.System;
        var sandbox = new ScriptSandbox();
        var forms = new FormService(database, sandbox, clock);
        var records = new RecordService(database, sandbox, clock);
        // Every figure is computed afresh, but the one that says what the cache gives when nothing changed.
        var reports = new ReportService(database, forms, records, clock, new ReportOptions(TimeSpan.Zero));
        var cached = new ReportService(database, forms, records, clock);
        var apps = new AppService(database, clock);
        if ((await apps.ListAsync()).All(a => a.Key != App))
        {
            await apps.CreateAsync(App, "Reports", null);
            await forms.PublishAsync(App, FormJson.Parse(Form));
            await forms.PublishAsync(App, FormJson.Parse(FollowUpForm));
            await LoadAsync(await forms.GetModelAsync(App, "customer"), await forms.GetModelAsync(App, "followUp"));
        }
        await using (var connection = await database.OpenAsync())
            // Statistics, and on PostgreSQL the visibility map a running server's autovacuum keeps (index-only scans need it).
            await connection.ExecuteAsync(database.Dialect.Name == "postgres" ? "VACUUM ANALYZE" : "ANALYZE", commandType: System.Data.CommandType.Text, commandTimeout: 3600);
        var model = await forms.GetModelAsync(App, "customer");
        var dialect = database.Dialect;
        var table = dialect.Quote(model.Table);
        string Column(string key) => dialect.Quote(model.Field(key)!.Stored.Column!);
        var admin = CallerContext.System;
        var salesperson = CallerContext.ForUser(7) with { Access = new GivenAccess(Condition.Of("owner", "eq", "me")) };
        var results = new List<Measurement>();
        var name = dialect.Name;

        var funnel = ReportTypes.Parse("""
            { "type": "funnel", "key": "f", "form": "customer", "stageField": "stage", "measure": { "aggregate": "sum", "field": "amount" } }
            """);
        var stageList = string.Join(", ", Stages.Select(s => $"'{s}'"));
        var handFunnel = $"SELECT {Column("stage")}, COUNT(*), SUM({Column("amount")}) FROM {table} WHERE deleted_at IS NULL AND {Column("stage")} IN ({stageList}) GROUP BY {Column("stage")}";
        var adminFunnel = await TimeAsync(() => reports.PreviewAsync(App, funnel, admin));
        var rawFunnel = await TimeSqlAsync(handFunnel);
        results.Add(new Measurement(name, $"snapshot funnel, {customers:N0} customers (median ms)", "ms", adminFunnel, rawFunnel, HigherIsBetter: false));
        results.Add(new Measurement(name, "snapshot funnel again, nothing changed (kept answer; median ms)", "ms",
            await TimeAsync(() => cached.PreviewAsync(App, funnel, admin)), rawFunnel, HigherIsBetter: false));
        var ownFunnel = await TimeAsync(() => reports.PreviewAsync(App, funnel, salesperson));
        results.Add(new Measurement(name, "a salesperson's funnel beside the admin's (median ms)", "ms", ownFunnel, adminFunnel, HigherIsBetter: false));

        var ranking = ReportTypes.Parse("""
            { "type": "ranking", "key": "r", "form": "customer", "groupBy": { "field": "owner" }, "measure": { "aggregate": "sum", "field": "amount" }, "top": 10 }
            """);
        var handRanking = dialect.Page($"SELECT owner, SUM({Column("amount")}) AS s FROM {table} WHERE deleted_at IS NULL AND owner IS NOT NULL GROUP BY owner ORDER BY s DESC", "10", null);
        results.Add(new Measurement(name, "top-10 ranking by owner (median ms)", "ms", await TimeAsync(() => reports.PreviewAsync(App, ranking, admin)),
            await TimeSqlAsync(handRanking), HigherIsBetter: false));

        var trend = ReportTypes.Parse("""
            { "type": "chart", "key": "t", "form": "customer", "chart": "line", "dimensions": [ { "field": "createdAt", "bucket": "month" } ],
              "measures": [ { "aggregate": "count" } ], "period": { "field": "createdAt", "from": "2025-06-01", "to": "2026-06-01" } }
            """);
        var month = dialect.Name == "sqlite" ? "substr(created_at, 1, 7)" : "date_trunc('month', created_at AT TIME ZONE 'UTC')";
        var (from, to) = (dialect.ToDb(ColumnType.DateTime, new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc)), dialect.ToDb(ColumnType.DateTime, new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc)));
        var handTrend = $"SELECT {month}, COUNT(*) FROM {table} WHERE deleted_at IS NULL AND created_at >= @from AND created_at < @to GROUP BY {month}";
        results.Add(new Measurement(name, "monthly trend over a year (median ms)", "ms", await TimeAsync(() => reports.PreviewAsync(App, trend, admin)),
            await TimeSqlAsync(handTrend, new { from, to }), HigherIsBetter: false));

        var followUps = ReportTypes.Parse("""
            { "type": "ranking", "key": "fu", "form": "customer", "groupBy": { "field": "owner" }, "top": 10,
              "measure": { "aggregate": "count", "via": { "form": "followUp", "relation": "customer" } } }
            """);
        var followUpModel = await forms.GetModelAsync(App, "followUp");
        var relation = dialect.Quote(followUpModel.Field("customer")!.Stored.Column!);
        var handFollowUps = dialect.Page($"SELECT t.owner, COUNT(*) AS c FROM {table} t JOIN {dialect.Quote(followUpModel.Table)} f ON f.{relation} = t.id " +
                                         "WHERE t.deleted_at IS NULL AND f.deleted_at IS NULL AND t.owner IS NOT NULL GROUP BY t.owner ORDER BY c DESC", "10", null);
        results.Add(new Measurement(name, "top-10 owners by follow-ups (5M, through the relation; median ms)", "ms",
            await TimeAsync(() => reports.PreviewAsync(App, followUps, admin), rounds: 5), await TimeSqlAsync(handFollowUps, rounds: 5), HigherIsBetter: false));
        results.AddRange(await ExportAsync(records, model));
        foreach (var m in results) log.WriteLine($"  {m.Database}: {m.Operation}: {m.Platform:F1} vs {m.Raw:F1}");
        return results;
    }

    /// <summary>
    /// 100,000 customers (the first 73 of the 730 days) exported to .xlsx and .csv as the API does it, beside the same rows
    /// read with hand-written SQL and handed to MiniExcel as they come; with the most memory the process held above where it started.
    /// </summary>
    private async Task<List<Measurement>> ExportAsync(RecordService records, Engine.Models.FormModel model)
    {
        var dialect = database.Dialect;
        var until = new DateTime(2024, 9, 12, 0, 0, 0, DateTimeKind.Utc);
        var filter = Condition.Of("createdAt", "lt", until);
        var export = new Engine.Sheets.RecordExport(records, new Engine.Users.ReferenceNames(records, database));
        var results = new List<Measurement>();
        foreach (var format in new[] { "xlsx", "csv" })
        {
            var path = Path.Combine(Path.GetTempPath(), $"platform-export-{Guid.NewGuid():N}.{format}");
            var (seconds, megabytes) = await Footprint.MeasureAsync(async () =>
            {
                await using var file = File.Create(path);
                await export.WriteAsync(model, new Engine.Sheets.ExportRequest(filter, [], ["name", "stage", "source", "amount", "owner", "createdAt"], format),
                    CallerContext.System, file);
            });
            var rows = format == "xlsx" ? MiniExcelLibs.MiniExcel.Query(path).Count() - 1 : File.ReadLines(path).Count() - 1;
            File.Delete(path);
            var (rawSeconds, _) = await Footprint.MeasureAsync(async () =>
            {
                await using var connection = await database.OpenAsync();
                string C(string key) => dialect.Quote(model.Field(key)!.Stored.Column!);
                await using var reader = await connection.ExecuteReaderAsync(
                    $"SELECT {C("name")}, {C("stage")}, {C("source")}, {C("amount")}, owner, created_at FROM {dialect.Quote(model.Table)} " +
                    "WHERE deleted_at IS NULL AND created_at < @until ORDER BY id", new { until = dialect.ToDb(ColumnType.DateTime, until) });
                await using var file = File.Create(path);
                if (format == "xlsx") await MiniExcelLibs.MiniExcel.SaveAsAsync(file, reader);
                else await MiniExcelLibs.MiniExcel.SaveAsAsync(file, reader, excelType: MiniExcelLibs.ExcelType.CSV);
            });
            File.Delete(path);
            log.WriteLine($"  {dialect.Name}: export {rows:N0} rows as {format}: {seconds:F1} s, {megabytes:F0} MB above the start; hand-written SQL into MiniExcel {rawSeconds:F1} s");
            results.Add(new Measurement(dialect.Name, $"export {rows:N0} customers as .{format} (s)", "s", seconds, rawSeconds, HigherIsBetter: false));
            results.Add(new Measurement(dialect.Name, $"export {rows:N0} customers as .{format}: memory above the start (MB)", "MB", megabytes, 200, HigherIsBetter: false));
        }
        return results;
    }

    private static async Task<double> TimeAsync(Func<Task> run, int rounds = Rounds)
    {
        await run();
        var latencies = new Latencies();
        for (var i = 0; i < rounds; i++) await latencies.TimeAsync(run);
        return latencies.Median;
    }

    private async Task<double> TimeSqlAsync(string sql, object? args = null, int rounds = Rounds)
    {
        await using var connection = await database.OpenAsync();
        return await TimeAsync(async () => _ = (await connection.QueryAsync(sql, args)).Count(), rounds);
    }

    /// <summary>1M customers (50 owners and the pool, six stages, four sources, two years of creation dates) and five follow-ups each, in bulk SQL.</summary>
    private async Task LoadAsync(Engine.Models.FormModel customer, Engine.Models.FormModel followUp)
    {
        var dialect = database.Dialect;
        var started = System.Diagnostics.Stopwatch.StartNew();
        string C(Engine.Models.FormModel form, string key) => dialect.Quote(form.Field(key)!.Stored.Column!);
        var columns = $"{C(customer, "name")}, {C(customer, "stage")}, {C(customer, "source")}, {C(customer, "amount")}, owner, created_at, updated_at, version";
        var stage = $"CASE i % 6 {string.Concat(Stages.Select((s, i) => $"WHEN {i} THEN '{s}' "))}END";
        var source = "CASE i % 4 WHEN 0 THEN 'web' WHEN 1 THEN 'fair' WHEN 2 THEN 'referral' ELSE 'ads' END";
        var owner = $"CASE WHEN i % 20 = 0 THEN NULL ELSE 1 + i % {Owners} END";
        string sql, follow;
        var followColumns = $"{C(followUp, "customer")}, {C(followUp, "note")}, owner, created_at, updated_at, version";
        if (dialect.Name == "sqlite")
        {
            var at = "strftime('%Y-%m-%dT%H:%M:%S', '2024-07-01', '+' || (i % 730) || ' days', '+' || (i % 86400) || ' seconds') || '.0000000Z'";
            sql = $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {customers}) " +
                  $"INSERT INTO {dialect.Quote(customer.Table)} ({columns}) SELECT 'c' || i, {stage}, {source}, (i % 1000) * 100, {owner}, {at}, {at}, 1 FROM n";
            var followAt = "strftime('%Y-%m-%dT%H:%M:%S', '2024-07-01', '+' || (i % 730) || ' days') || '.0000000Z'";
            follow = $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {customers * 5}) " +
                     $"INSERT INTO {dialect.Quote(followUp.Table)} ({followColumns}) SELECT 1 + i % {customers}, 'call', 1 + i % {Owners}, {followAt}, {followAt}, 1 FROM n";
        }
        else
        {
            var at = "TIMESTAMPTZ '2024-07-01 00:00:00+00' + (i % 730) * INTERVAL '1 day' + (i % 86400) * INTERVAL '1 second'";
            sql = $"INSERT INTO {dialect.Quote(customer.Table)} ({columns}) SELECT 'c' || i, {stage}, {source}, (i % 1000) * 100, {owner}, {at}, {at}, 1 " +
                  $"FROM generate_series(1, {customers}) i";
            follow = $"INSERT INTO {dialect.Quote(followUp.Table)} ({followColumns}) SELECT 1 + i % {customers}, 'call', 1 + i % {Owners}, " +
                     $"TIMESTAMPTZ '2024-07-01 00:00:00+00' + (i % 730) * INTERVAL '1 day', TIMESTAMPTZ '2024-07-01 00:00:00+00', 1 FROM generate_series(1, {customers * 5}) i";
        }
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(sql, commandTimeout: 3600);
        await connection.ExecuteAsync(follow, commandTimeout: 3600);
        log.WriteLine($"  {dialect.Name}: loaded {customers:N0} customers and {customers * 5:N0} follow-ups in {started.Elapsed.TotalSeconds:F0} s");
    }
}
