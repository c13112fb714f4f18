using System.CommandLine;
using System.Text.Json;
using Platform.Engine.Packages;
using Platform.Engine.Records;

namespace Platform.Runtime.Cli;

/// <summary>
/// <c>package export &lt;app&gt; &lt;file&gt;</c> writes an app as a package; <c>package import &lt;file&gt; [--dry-run] [--app key]</c>
/// checks a package and lists what it adds, or installs it as a new app (its workflows disabled until an admin enables them).
/// </summary>
public static class PackageCommands
{
    public static Command Create(IServiceProvider services)
    {
        var app = new Argument<string>("app") { Description = "The app's key" };
        var target = new Argument<FileInfo>("file") { Description = "Where to write the package (.json, or .zip for one file per part)" };
        var data = new Option<bool>("--data") { Description = "Also the app's records (installed with a new app only)" };
        var export = new Command("export", "Write an app as a package") { app, target, data };
        export.TreatUnmatchedTokensAsErrors = false;
        export.SetAction((result, ct) => RunAsync(services, async packages =>
        {
            var package = await packages.ExportAsync(result.GetValue(app)!, CallerContext.System, ct, withData: result.GetValue(data));
            var path = result.GetValue(target)!.FullName;
            if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                await using var zip = File.Create(path);
                PackageFile.WriteZip(package, zip);
            }
            else await File.WriteAllTextAsync(path, package.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), ct);
            Console.WriteLine($"Wrote {package["manifest"]!["key"]} {package["manifest"]!["version"]} to {result.GetValue(target)!.FullName}.");
        }, ct));

        var source = new Argument<FileInfo>("file") { Description = "A package (.json or .zip)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only check it and list what it would add" };
        var asApp = new Option<string?>("--app") { Description = "Install it under this key instead of the package's" };
        var confirm = new Option<bool>("--confirm-data-loss") { Description = "Apply an upgrade's form changes that lose values" };
        var overwrite = new Option<bool>("--overwrite") { Description = "Where the package and the app's admins both changed an item, take the package's" };
        var import = new Command("import", "Install a package as a new app, or upgrade the app installed from it") { source, dryRun, asApp, confirm, overwrite };
        import.TreatUnmatchedTokensAsErrors = false;
        import.SetAction((result, ct) => RunAsync(services, async packages =>
        {
            await using var file = result.GetValue(source)!.OpenRead();
            var package = packages.Read(file);
            var done = await packages.ImportAsync(package, result.GetValue(asApp), result.GetValue(dryRun), CallerContext.System,
                confirmDataLoss: result.GetValue(confirm), overwrite: result.GetValue(overwrite), ct: ct);
            foreach (var change in done.Changes) Console.WriteLine($"{change.Action,-8} {change.Part,-11} {change.Key}{(change.Note is null ? "" : " (" + change.Note + ")")}");
            Console.WriteLine(done.DryRun ? $"Dry run: nothing changed. {done.Package} {done.Version} would install as '{done.App}'."
                : $"Installed {done.Package} {done.Version} as '{done.App}'; new workflows wait for an admin to enable them.");
        }, ct));
        return new Command("package", "Apps as packages") { export, import };
    }

    private static Task<int> RunAsync(IServiceProvider services, Func<PackageService, Task> run, CancellationToken ct) =>
        VerbRun.RunAsync(services, async () =>
        {
            await run(services.GetRequiredService<PackageService>());
            return 0;
        }, ct);
}
