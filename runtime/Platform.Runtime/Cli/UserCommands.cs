using System.CommandLine;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Schema;
using Platform.Engine.Users;
using Platform.Engine.Validation;

namespace Platform.Runtime.Cli;

/// <summary>
/// <c>user create --email E --password P [--name N] [--admin]</c> and <c>user disable --email E</c>, on the configured
/// database, while a server runs on it or not: a disabled user's next call to the server is refused.
/// </summary>
public static class UserCommands
{
    public static Command Create(IServiceProvider services)
    {
        var email = new Option<string>("--email") { Description = "The user's email", Required = true };
        var password = new Option<string>("--password") { Description = "At least 8 characters", Required = true };
        var name = new Option<string?>("--name") { Description = "Display name" };
        var admin = new Option<bool>("--admin") { Description = "An administrator" };
        var create = new Command("create", "Create a user") { email, password, name, admin };
        create.TreatUnmatchedTokensAsErrors = false;
        create.SetAction((result, ct) => RunAsync(services, async users =>
        {
            var user = await users.CreateAsync(result.GetValue(email)!, result.GetValue(password)!, result.GetValue(name), result.GetValue(admin), ct: ct);
            await services.GetRequiredService<AuditLog>().WriteAsync(null, "user.created", $"user:{user.Id}", new { user.Email, IsAdmin = result.GetValue(admin) }, "cli", ct);
            return $"Created user {user.Email} (id {user.Id}).";
        }, ct));

        var disableEmail = new Option<string>("--email") { Description = "The user's email", Required = true };
        var disable = new Command("disable", "Disable a user: their tokens stop working on their next call") { disableEmail };
        disable.TreatUnmatchedTokensAsErrors = false;
        disable.SetAction((result, ct) => RunAsync(services, async users =>
        {
            var user = await users.GetByEmailAsync(result.GetValue(disableEmail)!, ct);
            await users.SetActiveAsync(user.Id, active: false, ct);
            await services.GetRequiredService<AuditLog>().WriteAsync(null, "user.disabled", $"user:{user.Id}", address: "cli", ct: ct);
            return $"Disabled user {user.Email} (id {user.Id}).";
        }, ct));
        return new Command("user", "Manage users") { create, disable };
    }

    /// <summary>Runs a verb on the migrated database: its answer on standard output, or a refusal's message on standard error (exit 1).</summary>
    internal static async Task<int> RunAsync(IServiceProvider services, Func<UserService, Task<string>> action, CancellationToken ct)
    {
        await SystemSchema.MigrateAsync(services.GetRequiredService<PlatformDatabase>(), ct: ct);
        try
        {
            Console.WriteLine(await action(services.GetRequiredService<UserService>()));
            return 0;
        }
        catch (PlatformException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
    }
}
