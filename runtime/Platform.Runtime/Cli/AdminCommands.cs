using System.CommandLine;
using Platform.Engine.Storage;
using Platform.Engine.Storage.Schema;
using Platform.Engine.Users;

namespace Platform.Runtime.Cli;

/// <summary><c>admin create --email a@b.c --password ...</c> creates an administrator in the configured database (a first admin without environment variables).</summary>
public static class AdminCommands
{
    public static Command Create(IServiceProvider services)
    {
        var email = new Option<string>("--email") { Description = "The admin's email", Required = true };
        var password = new Option<string>("--password") { Description = "At least 8 characters", Required = true };
        var name = new Option<string?>("--name") { Description = "Display name" };
        var create = new Command("create", "Create an administrator") { email, password, name };
        create.TreatUnmatchedTokensAsErrors = false;
        create.SetAction(async (result, ct) =>
        {
            await SystemSchema.MigrateAsync(services.GetRequiredService<PlatformDatabase>(), ct: ct);
            try
            {
                var user = await services.GetRequiredService<UserService>().CreateAsync(result.GetValue(email)!, result.GetValue(password)!,
                    result.GetValue(name) ?? "Administrator", isAdmin: true, ct: ct);
                Console.WriteLine($"Created admin {user.Email} (id {user.Id}).");
                return 0;
            }
            catch (Platform.Engine.Validation.PlatformException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 1;
            }
        });
        return new Command("admin", "Manage administrators") { create };
    }
}
