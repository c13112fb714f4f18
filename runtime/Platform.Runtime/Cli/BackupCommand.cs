using System.CommandLine;
using Platform.Engine.Storage;

namespace Platform.Runtime.Cli;

/// <summary>
/// <c>backup &lt;file&gt;</c>: a consistent copy of the embedded SQLite database, taken while the server runs
/// (SQLite's online backup). To restore, stop the server and put the copy in place of <c>{data}/platform.db</c>.
/// PostgreSQL and SQL Server are backed up with their own tools (<c>pg_dump</c>; see the README).
/// </summary>
public static class BackupCommand
{
    public static Command Create(IServiceProvider services)
    {
        var file = new Argument<FileInfo>("file") { Description = "Where to write the copy; must not exist yet" };
        var backup = new Command("backup", "Copy the embedded SQLite database consistently, even while the server runs") { file };
        backup.TreatUnmatchedTokensAsErrors = false;
        backup.SetAction(async (result, ct) =>
        {
            var target = result.GetValue(file)!;
            try
            {
                var pages = await services.GetRequiredService<PlatformDatabase>().BackupAsync(target.FullName, ct);
                Console.WriteLine($"Backed up {pages:N0} pages to {target.FullName}.");
                return 0;
            }
            catch (Exception e) when (e is IOException or NotSupportedException)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 1;
            }
        });
        return backup;
    }
}
