using System.CommandLine;
using Platform.Engine.Packages;

namespace Platform.Runtime.Cli;

/// <summary>
/// <c>sample &lt;app&gt; [--records N] [--seed S] [--locale zh_CN|en] [--forms a,b] [--workflows]</c> loads believable sample
/// records into an app for demos and benchmarks: N per form, the same ones for the same seed.
/// </summary>
public static class SampleCommand
{
    public static Command Create(IServiceProvider services)
    {
        var app = new Argument<string>("app") { Description = "The app's key (crm)" };
        var count = new Option<int>("--records") { Description = "Records per form", DefaultValueFactory = _ => 200 };
        var seed = new Option<int>("--seed") { Description = "The same seed gives the same records", DefaultValueFactory = _ => 1 };
        var locale = new Option<string>("--locale") { Description = "zh_CN (default) or en", DefaultValueFactory = _ => "zh_CN" };
        var only = new Option<string?>("--forms") { Description = "Only these forms (comma-separated keys)" };
        var workflows = new Option<bool>("--workflows") { Description = "Let the records start the app's workflows (off: a demo load sends no reminders)" };
        var command = new Command("sample", "Load sample records into an app") { app, count, seed, locale, only, workflows };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, ct) => VerbRun.RunAsync(services, async () =>
        {
            var forms = result.GetValue(only)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var started = System.Diagnostics.Stopwatch.StartNew();
            var loaded = await services.GetRequiredService<SampleData>().LoadAsync(result.GetValue(app)!, result.GetValue(count), result.GetValue(seed),
                result.GetValue(locale)!, result.GetValue(workflows), forms, ct);
            foreach (var (form, made) in loaded.Created) Console.WriteLine($"{form,-16} {made,8:N0}");
            Console.WriteLine($"Loaded {loaded.Created.Values.Sum():N0} records in {started.Elapsed.TotalSeconds:N1} s; {loaded.Refused:N0} refused by the forms' rules after retries.");
            return 0;
        }, ct));
        return command;
    }
}
