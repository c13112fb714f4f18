using System.Text.Json;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Schema;
using Platform.Engine.Validation;
using Platform.Runtime.Hosting;

namespace Platform.Runtime.Cli;

/// <summary>
/// How a verb that works on the engine runs: the database brought to the current schema first, then the work; a refusal
/// is printed as the API would word it (each field's problem, in English) with exit code 1, never a stack trace.
/// </summary>
public static class VerbRun
{
    public static async Task<int> RunAsync(IServiceProvider services, Func<Task<int>> work, CancellationToken ct)
    {
        await SystemSchema.MigrateAsync(services.GetRequiredService<PlatformDatabase>(), ct: ct);
        try
        {
            // A verb may be a database's first use (an admin created before the server ever ran): it opens on the same apps.
            await services.InstallFirstStartTemplatesAsync(services.GetRequiredService<ILoggerFactory>().CreateLogger("Platform.Runtime"));
            return await work();
        }
        catch (ValidationFailedException e)
        {
            foreach (var error in e.Errors) await Console.Error.WriteLineAsync($"{error.Field}: {error.Message("en")}");
            return 1;
        }
        catch (Exception e) when (e is PlatformException or JsonException or IOException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
    }
}
