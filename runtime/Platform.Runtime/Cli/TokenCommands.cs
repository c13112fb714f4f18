using System.CommandLine;
using Platform.Engine.Users;

namespace Platform.Runtime.Cli;

/// <summary>
/// <c>token create --email E --name N [--app A]... [--read-only] [--days D]</c>: a personal API token for a script or an
/// integration, printed once (only its hash is kept), with the limits the API gives one.
/// </summary>
public static class TokenCommands
{
    public static Command Create(IServiceProvider services)
    {
        var email = new Option<string>("--email") { Description = "Whose token it is", Required = true };
        var name = new Option<string>("--name") { Description = "What the token is for", Required = true };
        var apps = new Option<string[]>("--app") { Description = "An app the token is limited to (repeat for several); every app when none", AllowMultipleArgumentsPerToken = false };
        var readOnly = new Option<bool>("--read-only") { Description = "The token may only read" };
        var days = new Option<int>("--days") { Description = "Days until it expires (1-366)", DefaultValueFactory = _ => 90 };
        var create = new Command("create", "Create a personal API token and print it (it is shown this once)") { email, name, apps, readOnly, days };
        create.TreatUnmatchedTokensAsErrors = false;
        create.SetAction((result, ct) => UserCommands.RunAsync(services, async users =>
        {
            var user = await users.GetByEmailAsync(result.GetValue(email)!, ct);
            var limitedTo = result.GetValue(apps) is { Length: > 0 } named ? named : null;
            var (token, info) = await services.GetRequiredService<PersonalTokens>().CreateAsync(user.Id, result.GetValue(name), limitedTo, result.GetValue(readOnly),
                result.GetValue(days), ct);
            await services.GetRequiredService<AuditLog>().WriteAsync(user.Id, "token.created", $"token:{info.Id}", new { info.Name, info.Apps, info.ReadOnly }, "cli", ct);
            return token.Token;
        }, ct));
        return new Command("token", "Manage personal API tokens") { create };
    }
}
