using System.CommandLine;

namespace Platform.Runtime.Cli;

/// <summary>
/// Verbs run instead of the server: <c>admin create</c>, <c>user create</c>, <c>user disable</c>, <c>token create</c>, <c>backup</c>, <c>import</c>, <c>package export|import</c> and <c>sample</c>. Host settings (<c>--data</c>,
/// <c>--Platform:Database:...</c>) are read by the configuration, not by the verbs.
/// </summary>
public static class Verbs
{
    private static readonly string[] Names = ["admin", "user", "token", "backup", "import", "package", "sample"];

    public static bool Handles(string[] args) => args.Length > 0 && Names.Contains(args[0]);

    /// <summary>
    /// What the host's configuration reads of a verb's command line: its options only. A verb's own arguments
    /// (a file such as <c>/backups/today.db</c>) would otherwise be read as settings, a leading <c>/</c> marking a key.
    /// </summary>
    public static string[] HostArguments(string[] args) =>
        Handles(args) ? args.SkipWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray() : args;

    public static Task<int> RunAsync(string[] args, IServiceProvider services)
    {
        var root = new RootCommand("Platform command-line verbs") { AdminCommands.Create(services), UserCommands.Create(services), TokenCommands.Create(services), BackupCommand.Create(services),
            ImportCommand.Create(services), PackageCommands.Create(services), SampleCommand.Create(services) };
        return root.Parse(args).InvokeAsync();
    }
}
