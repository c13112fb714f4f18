using System.CommandLine;
using System.Globalization;
using Platform.Engine.Apps;
using Platform.Engine.Jobs;
using Platform.Engine.Records;
using Platform.Engine.Sheets.Import;

namespace Platform.Runtime.Cli;

/// <summary>
/// <c>import &lt;app&gt; &lt;form&gt; &lt;file&gt;</c>: imports an <c>.xlsx</c> or <c>.csv</c> into a form from the command line, with
/// the same checks, mapping (the form's saved one, else suggested), modes and error report as the API, running the job in
/// this process with a progress bar. The import is the system's (an admin sees it in the API); the running server may
/// stay up. Exits 0 when every row was written, 2 when some rows failed (see <c>--errors</c>), 1 when nothing could be.
/// </summary>
public static class ImportCommand
{
    public static Command Create(IServiceProvider services)
    {
        var app = new Argument<string>("app") { Description = "The app's key" };
        var form = new Argument<string>("form") { Description = "The form's key" };
        var file = new Argument<FileInfo>("file") { Description = "An .xlsx or .csv file" };
        var mode = new Option<string>("--mode") { Description = "insert (default), upsert or update", DefaultValueFactory = _ => ImportModes.Insert };
        var key = new Option<string?>("--key") { Description = "The field that matches rows to records, for upsert and update" };
        var onError = new Option<string>("--on-error") { Description = "skip (default) bad rows, or abort: nothing is written unless every row is good", DefaultValueFactory = _ => ImportModes.Skip };
        var workflows = new Option<bool>("--workflows") { Description = "Start workflows for each imported record" };
        var errors = new Option<FileInfo?>("--errors") { Description = "Where to write the error report (.xlsx) when rows fail" };
        var import = new Command("import", "Import a spreadsheet into a form, with a progress bar") { app, form, file, mode, key, onError, workflows, errors };
        import.TreatUnmatchedTokensAsErrors = false;
        import.SetAction((result, ct) => VerbRun.RunAsync(services, async () =>
        {
            var imports = services.GetRequiredService<ImportService>();
            var jobs = services.GetRequiredService<JobService>();
            var caller = CallerContext.System;
            var model = await services.GetRequiredService<FormService>().GetModelAsync(result.GetValue(app)!, result.GetValue(form)!, ct);
            var source = result.GetValue(file)!;
            await using var stream = source.OpenRead();
            var started = await imports.StartAsync(model, stream, source.Name, new ImportSettings
            {
                Mode = result.GetValue(mode)!, Key = result.GetValue(key), OnError = result.GetValue(onError)!, Workflows = result.GetValue(workflows),
            }, caller, ct);
            var running = jobs.RunAsync(started.JobId!.Value, ct);
            ImportInfo info;
            do
            {
                await Task.WhenAny(running, Task.Delay(250, ct));
                info = await imports.GetAsync(model, started.Id, caller, ct);
                Console.Write("\r" + Bar(info));
            }
            while (!ImportStatus.Ended(info.Status));
            await running;
            Console.WriteLine();
            Console.WriteLine($"{info.Status}: {info.Created:N0} created, {info.Updated:N0} updated, {info.Failed:N0} failed of {info.Read:N0} rows read." +
                              (info.Error is null ? "" : " " + info.Error));
            if (info.Failed > 0 && result.GetValue(errors) is { } report)
            {
                await using var output = report.Create();
                await imports.WriteErrorsAsync(model, info.Id, caller, output, ct);
                Console.WriteLine($"Rows that failed, with why: {report.FullName}");
            }
            return info.Status != ImportStatus.Done ? 1 : info.Failed > 0 ? 2 : 0;
        }, ct));
        return import;
    }

    /// <summary><c>[##########----------]  50%  100,000/200,000 rows · 9,800 rows/s · 10 s left</c>.</summary>
    private static string Bar(ImportInfo info)
    {
        var share = info.Total is { } total && total > 0 ? Math.Min(1.0, (double)info.Read / total) : 0;
        var filled = (int)(share * 30);
        var pace = info.RowsPerSecond is { } rate ? $" · {rate.ToString("N0", CultureInfo.InvariantCulture)} rows/s" : "";
        var left = info.SecondsLeft is { } seconds ? $" · {seconds.ToString("N0", CultureInfo.InvariantCulture)} s left" : "";
        return $"[{new string('#', filled)}{new string('-', 30 - filled)}] {share * 100,3:0}%  {info.Read.ToString("N0", CultureInfo.InvariantCulture)}/" +
               $"{(info.Total ?? 0).ToString("N0", CultureInfo.InvariantCulture)} rows{pace}{left} ({info.Status})   ";
    }
}
