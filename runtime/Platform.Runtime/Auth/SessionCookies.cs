using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Platform.Engine.Storage;
using Platform.Engine.Users;
using Platform.Runtime.Api;
using Platform.Runtime.Hosting;

namespace Platform.Runtime.Auth;

/// <summary>
/// The web app's sign-in: an HTTP-only session cookie (ASP.NET Core cookie authentication) that carries a session
/// token stored hashed like any token. Every call looks the session up, so a disabled user, a changed role or a
/// signed-out session counts on the very next call, whichever process made the change; a cookie alone is never enough
/// to change anything: unsafe methods also need the session's anti-forgery token in <see cref="AntiforgeryHeader"/>.
/// </summary>
public static class SessionCookies
{
    public const string SchemeName = "PlatformSession";
    public const string CookieName = "platform.session";
    public const string AntiforgeryHeader = "X-XSRF-TOKEN";
    private const string SessionClaim = "session";

    public static AuthenticationBuilder AddSessionCookies(this AuthenticationBuilder authentication, IServiceCollection services)
    {
        // The keys that seal cookies live in the database: every node takes every other's cookies, and a restart signs nobody out.
        services.AddDataProtection().SetApplicationName("Platform");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<PlatformOptions>, PlatformDatabase, TimeProvider>((keys, platform, database, clock) =>
            keys.XmlRepository = new DatabaseKeyRepository(database, clock, new DirectoryInfo(Path.Combine(platform.Value.DataDirectory, "keys"))));
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.HeaderName = AntiforgeryHeader;
            antiforgery.Cookie.Name = "platform.antiforgery";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
        });
        return authentication.AddCookie(SchemeName, cookie =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.Events = new CookieAuthenticationEvents
            {
                OnValidatePrincipal = ValidateAsync,
                // An API answers; it does not send anyone to a sign-in page.
                OnRedirectToLogin = context => Problems.Status(context.HttpContext, 401).ExecuteAsync(context.HttpContext),
                OnRedirectToAccessDenied = context => Problems.Status(context.HttpContext, 403).ExecuteAsync(context.HttpContext),
            };
        });
    }

    /// <summary>Signs the user in with a new session (a token of their own) and sets the cookie.</summary>
    public static async Task SignInAsync(HttpContext context, UserService users, IssuedToken session)
    {
        var user = (await users.AuthenticateAsync(session.Token, context.RequestAborted))!;
        var principal = SignedInUser.Principal(context, user, SchemeName, new Claim(SessionClaim, session.Token));
        await context.SignInAsync(SchemeName, principal, new AuthenticationProperties { ExpiresUtc = session.ExpiresAt, AllowRefresh = false });
        context.User = principal;
    }

    /// <summary>Ends this request's session, if it has one: its token is revoked and the cookie removed.</summary>
    public static async Task<bool> SignOutAsync(HttpContext context, UserService users)
    {
        var result = await context.AuthenticateAsync(SchemeName);
        if (result.Principal?.FindFirstValue(SessionClaim) is not { } session) return false;
        await users.RevokeTokenAsync(session, context.RequestAborted);
        await context.SignOutAsync(SchemeName);
        return true;
    }

    /// <summary>A new anti-forgery token for this signed-in session (its cookie half is set on the answer).</summary>
    public static string AntiforgeryToken(HttpContext context) =>
        context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context).RequestToken!;

    /// <summary>A call made with the session cookie that may change something must carry the session's anti-forgery token.</summary>
    public static IApplicationBuilder UseSessionAntiforgery(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var method = context.Request.Method;
        var safe = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method)
                   // The web app's circuit: its connection carries no header of ours, and another site cannot open it with the
                   // cookie (SameSite=Lax is not sent with another site's requests); what the circuit does is decided in it.
                   || context.Request.Path.StartsWithSegments("/_blazor");
        if (!safe && context.User.Identity is { IsAuthenticated: true, AuthenticationType: SchemeName }
            && !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
        {
            await Problems.Status(context, 403, "auth.antiforgery").ExecuteAsync(context);
            return;
        }
        await next(context);
    });

    // Every call: the session is looked up as a bearer token is (one indexed read), and the claims are the database's of now.
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var session = context.Principal?.FindFirstValue(SessionClaim);
        var users = context.HttpContext.RequestServices.GetRequiredService<UserService>();
        var user = session is null ? null : await users.AuthenticateAsync(session, context.HttpContext.RequestAborted);
        if (user is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SchemeName);
            return;
        }
        context.ReplacePrincipal(SignedInUser.Principal(context.HttpContext, user, SchemeName, new Claim(SessionClaim, session!)));
    }
}
