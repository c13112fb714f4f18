using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Platform.Engine.Users;
using Platform.Runtime.Auth;
using Platform.Runtime.Hosting;

namespace Platform.Runtime.Web;

/// <summary>
/// The web app at <c>/</c> beside the API: Blazor with interactive server rendering and MudBlazor, every script and
/// style served by the runtime itself. Pages only translate clicks; the engine services decide.
/// </summary>
public static class WebApp
{
    public static IServiceCollection AddPlatformWebApp(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddMudServices();
        services.AddScoped<WebSession>();
        services.AddSingleton<RecordChangeWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<RecordChangeWatch>());
        services.AddSingleton<NotificationWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationWatch>());
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, SignedInGuard>();
        return services;
    }

    public static WebApplication MapPlatformWebApp(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapThemeSheet();
        app.MapRazorComponents<Components.App>().AddInteractiveServerRenderMode();
        app.MapPost("/auth/signin", SignInAsync).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(AuthRegistration.SignInLimit).ExcludeFromDescription();
        app.MapPost("/auth/signout", SignOutAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    /// <summary>The sign-in page's form: the session cookie and on to where the user was going, or back to the page saying why not.</summary>
    private static async Task<IResult> SignInAsync(HttpContext context, UserService users, IOptions<PlatformOptions> options, IAntiforgery antiforgery)
    {
        // Anything but the page's form (another content type) is sent back to the page, never answered with an error page.
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : FormCollection.Empty;
        string email = form["email"].ToString().Trim(), password = form["password"].ToString(), returnUrl = LocalPath(form["returnUrl"]);
        string Back(string error) => $"/signin?error={error}&email={Uri.EscapeDataString(email)}&returnUrl={Uri.EscapeDataString(returnUrl)}";
        if (!await antiforgery.IsRequestValidAsync(context) || email.Length == 0 || password.Length == 0) return Results.Redirect(Back("missing"));
        var session = await AuthApi.PasswordTokenAsync(context, users, options, email, password);
        if (session is null) return Results.Redirect(Back("invalid"));
        await SessionCookies.SignInAsync(context, users, session);
        return Results.LocalRedirect(returnUrl);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, UserService users)
    {
        await AuthApi.EndSessionAsync(context, users);
        return Results.Redirect("/signin");
    }

    /// <summary>A path on this site to go back to after signing in; anything else (another site) is the home page.</summary>
    public static string LocalPath(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";
}
