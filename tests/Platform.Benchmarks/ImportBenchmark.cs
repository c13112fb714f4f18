using Platform.Engine.Apps;
using Platform.Engine.Forms;
using Platform.Engine.Jobs;
using Platform.Engine.Records;
using Platform.Engine.Scripting;
using Platform.Engine.Sheets.Import;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Schema;
using Platform.Engine.Users;

namespace Platform.Benchmarks;

/// <summary>
/// An .xlsx of customers (10 columns: name, stage, amount, source, tags, email, phone, first contact, score, city) imported
/// as a user does it (upload, mapping suggested from the headings, the job's batches through the record pipeline with history
/// and events), beside the same file read by MiniExcel and its rows inserted with hand-written SQL in batches of the same
/// size into the same table, in the same run; with the most memory each added.
/// </summary>
public sealed class ImportBenchmark(PlatformDatabase database, int rows, TextWriter log)
{
    private static readonly string[] Headings = ["客户名称", "stage", "amount", "source", "tags", "email", "phone", "firstContact", "score", "city"];

    public async Task<List<Measurement>> RunAsync()
    {
        await SystemSchema.MigrateAsync(database);
        var clock = TimeProvider.System;
        var sandbox = new ScriptSandbox();
        var forms = new FormService(database, sandbox, clock);
        var records = new RecordService(database, sandbox, clock);
        var app = "imports" + Guid.NewGuid().ToString("N")[..8];
        await new AppService(database, clock).CreateAsync(app, "Imports", null);
        await forms.PublishAsync(app, FormJson.Parse(CustomerForm.Company));
        await forms.PublishAsync(app, FormJson.Parse(CustomerForm.Customer));
        var model = await forms.GetModelAsync(app, "customer");
        var company = (await records.CreateAsync(await forms.GetModelAsync(app, "company"), System.Text.Json.JsonSerializer.SerializeToElement(new { name = "Acme" }),
            CallerContext.System)).Id;
        var generator = new CustomerGenerator([company], [1]);
        var options = new ImportOptions();
        var jobs = new JobService(database, [new ImportJob(database, forms, records, new UserService(database, clock), new AccessResolver(database), new CallerFactory(), clock, options)], clock);
        var imports = new ImportService(database, jobs, clock, options);

        // A first, small round warms the code up (the JIT), as a running server's first import would have done: the measured
        // round compares steady speeds, not whose code ran first.
        await MeasureAsync(Math.Min(2_000, rows), 0, statesSize: false);
        var measured = await MeasureAsync(rows, Math.Min(2_000, rows), statesSize: false);
        // The same rows in a workbook that states its size before its rows, as Excel and WPS write them (MiniExcel does when it
        // is given a list): MiniExcel then reads the rows without first scanning every cell, on both sides.
        measured.AddRange(await MeasureAsync(rows, Math.Min(2_000, rows) + rows, statesSize: true));
        return measured;

        async Task<List<Measurement>> MeasureAsync(int count, int from, bool statesSize)
        {
            var kind = statesSize ? "stating its size first, as Excel writes it" : "not stating its size, as MiniExcel streams it";
            var path = Path.Combine(Path.GetTempPath(), $"platform-import-{Guid.NewGuid():N}.xlsx");
            try
            {
                var sheetRows = Enumerable.Range(from, count).Select(i => Row(generator.Make(i)));
                MiniExcelLibs.MiniExcel.SaveAs(path, statesSize ? sheetRows.ToList() : sheetRows);
                var megabytesOnDisk = new FileInfo(path).Length / 1024.0 / 1024.0;

                ImportInfo? done = null;
                var settle = 0.0;
                var (seconds, megabytes) = await Footprint.MeasureAsync(async () =>
                {
                    await using var file = File.OpenRead(path);
                    var started = await imports.StartAsync(model, file, "customers.xlsx", null, CallerContext.System);
                    await jobs.RunAsync(started.JobId!.Value);
                    done = await imports.GetAsync(model, started.Id, CallerContext.System);
                    settle = await SettleAsync();
                });
                if (done is not { Status: ImportStatus.Done } || done.Created != count) throw new InvalidOperationException($"The import did not write every row: {done}");

                var raw = new RawSql(database, model);
                var rawSettle = 0.0;
                var (rawSeconds, rawMegabytes) = await Footprint.MeasureAsync(async () =>
                {
                    var batch = new List<Customer>(options.BatchSize);
                    foreach (IDictionary<string, object?> row in MiniExcelLibs.MiniExcel.Query(path, useHeaderRow: true))
                    {
                        batch.Add(FromRow(row, company));
                        if (batch.Count < options.BatchSize) continue;
                        await raw.InsertAsync(batch, 1);
                        batch.Clear();
                    }
                    if (batch.Count > 0) await raw.InsertAsync(batch, 1);
                    rawSettle = await SettleAsync();
                });

                // The same rows as JSON through the record service's batch create, 500 a call: what the pipeline itself costs, without a file.
                var (serviceSeconds, _) = await Footprint.MeasureAsync(async () =>
                {
                    foreach (var chunk in Enumerable.Range(from, count).Chunk(options.BatchSize))
                        await records.CreateManyAsync(model, chunk.Select(i => Payload(generator.Make(i))).ToList(), CallerContext.System);
                    await SettleAsync();
                });

                if (from == 0) return [];
                log.WriteLine($"  {database.Dialect.Name}: import {count:N0} rows × 10 columns ({megabytesOnDisk:F1} MB .xlsx {kind}): {seconds:F1} s ({count / seconds:N0} rows/s), " +
                              $"{megabytes:F0} MB above the start, {settle:F1} s of it copying the log back; read by MiniExcel and inserted by hand-written SQL: {rawSeconds:F1} s " +
                              $"({count / rawSeconds:N0} rows/s), {rawMegabytes:F0} MB, {rawSettle:F1} s of it copying the log back; " +
                              $"the same rows as JSON through the record service, no file: {serviceSeconds:F1} s ({count / serviceSeconds:N0} rows/s)");
                return
                [
                    new Measurement(database.Dialect.Name, $"import {count:N0} rows × 10 columns from .xlsx {kind} (rows/s)", "rows/s", count / seconds, count / rawSeconds, HigherIsBetter: true),
                    new Measurement(database.Dialect.Name, $"import {count:N0} rows × 10 columns from .xlsx {kind} (s)", "s", seconds, rawSeconds, HigherIsBetter: false),
                    new Measurement(database.Dialect.Name, $"import {count:N0} rows, .xlsx {kind}: memory above the start (MB)", "MB", megabytes, rawMegabytes, HigherIsBetter: false),
                    new Measurement(database.Dialect.Name, $"the same rows as JSON through the record service, no file ({kind}) (rows/s)", "rows/s", count / serviceSeconds, count / rawSeconds, HigherIsBetter: true),
                ];
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>
    /// Each side is measured until its rows are in the database file: on SQLite the write-ahead log is copied back and started
    /// over (the platform does most of it in the background while it writes; the hand-written side, with SQLite's automatic
    /// checkpoints off as on every connection here, does it all now), so no side leaves its log for the next one to copy.
    /// </summary>
    /// <returns>The seconds it took.</returns>
    private async Task<double> SettleAsync()
    {
        if (database.Dialect.RestartCheckpoint is not { } checkpoint) return 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = checkpoint;
        await command.ExecuteNonQueryAsync();
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>A customer as a sales team's sheet has it: numbers and dates typed, tags joined with a comma.</summary>
    private static Dictionary<string, object?> Row(Customer c) => new()
    {
        [Headings[0]] = c.Name, [Headings[1]] = c.Stage, [Headings[2]] = c.Amount, [Headings[3]] = c.Source, [Headings[4]] = string.Join(",", c.Tags),
        [Headings[5]] = c.Email, [Headings[6]] = c.Phone, [Headings[7]] = c.FirstContact.ToDateTime(TimeOnly.MinValue), [Headings[8]] = c.Score, [Headings[9]] = c.City,
    };

    private static System.Text.Json.JsonElement Payload(Customer c) => System.Text.Json.JsonSerializer.SerializeToElement(new
    {
        name = c.Name, stage = c.Stage, amount = c.Amount, source = c.Source, tags = c.Tags, email = c.Email, phone = c.Phone,
        firstContact = c.FirstContact.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), score = c.Score, city = c.City,
    });

    private static Customer FromRow(IDictionary<string, object?> row, long company)
    {
        string Text(int i) => row[Headings[i]]?.ToString() ?? "";
        decimal Number(int i) => Convert.ToDecimal(row[Headings[i]], System.Globalization.CultureInfo.InvariantCulture);
        return new Customer(Text(0), company, Text(1), 1, Number(2), Text(3), Text(4).Split(',', StringSplitOptions.RemoveEmptyEntries), Text(5), Text(6),
            DateOnly.FromDateTime(row[Headings[7]] is DateTime at ? at : DateTime.FromOADate(Convert.ToDouble(row[Headings[7]], System.Globalization.CultureInfo.InvariantCulture))),
            DateTime.UtcNow, Number(8), Text(9));
    }
}
