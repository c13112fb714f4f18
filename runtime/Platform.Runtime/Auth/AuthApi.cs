using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Engine.Users;
using Platform.Engine.Validation;
using Platform.Runtime.Api;
using Platform.Runtime.Hosting;

namespace Platform.Runtime.Auth;

public sealed record TokenResponse(string Token, DateTime ExpiresAt);

public sealed record SessionResponse(long UserId, DateTime ExpiresAt, string Antiforgery);

public sealed record AntiforgeryResponse(string Token, string Header);

public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/token", IssueAsync)
            .WithName("IssueToken").WithSummary("Exchange an email and password for a bearer token").WithTags("Auth")
            .Accepts<TokenRequest>("application/json").Produces<TokenResponse>().ProducesProblem(401).ProducesProblem(400).ProducesProblem(415).ProducesProblem(429).AllowAnonymous()
            .RequireRateLimiting(AuthRegistration.SignInLimit);
        app.MapPost("/api/auth/session", SignInAsync)
            .WithName("SignIn").WithSummary("Sign in the web app: sets the HTTP-only session cookie and returns the session's anti-forgery token").WithTags("Auth")
            .Accepts<TokenRequest>("application/json").Produces<SessionResponse>().ProducesProblem(401).ProducesProblem(400).ProducesProblem(415).ProducesProblem(429).AllowAnonymous()
            .RequireRateLimiting(AuthRegistration.SignInLimit);
        app.MapDelete("/api/auth/session", SignOutAsync)
            .WithName("SignOut").WithSummary("Sign out the web app's session: it is refused from the next call on").WithTags("Auth")
            .Produces(204).ProducesProblem(403).AllowAnonymous();
        app.MapGet("/api/auth/antiforgery", (HttpContext context) => TypedResults.Ok(new AntiforgeryResponse(SessionCookies.AntiforgeryToken(context), SessionCookies.AntiforgeryHeader)))
            .WithName("Antiforgery").WithSummary("A new anti-forgery token for the signed-in session, to send in X-XSRF-TOKEN with every change").WithTags("Auth")
            .Produces<AntiforgeryResponse>().ProducesProblem(401).RequireAuthorization();
        return app;
    }

    private static async Task<IResult> IssueAsync(HttpContext context, UserService users, IOptions<PlatformOptions> options)
    {
        var token = await CheckPasswordAsync(context, users, options);
        return token is null ? Problems.Status(context, 401, "auth.invalid") : TypedResults.Ok(new TokenResponse(token.Token, token.ExpiresAt));
    }

    private static async Task<IResult> SignInAsync(HttpContext context, UserService users, IOptions<PlatformOptions> options)
    {
        var session = await CheckPasswordAsync(context, users, options);
        if (session is null) return Problems.Status(context, 401, "auth.invalid");
        await SessionCookies.SignInAsync(context, users, session);
        return TypedResults.Ok(new SessionResponse(session.UserId, session.ExpiresAt, SessionCookies.AntiforgeryToken(context)));
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, UserService users)
    {
        await EndSessionAsync(context, users);
        return TypedResults.NoContent();
    }

    /// <summary>Ends this request's session, if it has one, and audits it: the API's sign-out and the web app's.</summary>
    internal static async Task EndSessionAsync(HttpContext context, UserService users)
    {
        if (await SessionCookies.SignOutAsync(context, users)) await context.AuditAsync("signOut");
    }

    /// <summary>A new token for the email and password the body names, or null (audited either way) when they are wrong.</summary>
    private static async Task<IssuedToken?> CheckPasswordAsync(HttpContext context, UserService users, IOptions<PlatformOptions> options)
    {
        var body = await RequestJson.ReadAsync(context);
        string? email = null, password = null;
        if (body.ValueKind == JsonValueKind.Object)
        {
            if (body.TryGetProperty("email", out var e) && e.ValueKind == JsonValueKind.String) email = e.GetString();
            if (body.TryGetProperty("password", out var p) && p.ValueKind == JsonValueKind.String) password = p.GetString();
        }
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(email)) errors.Add(new("email", "required"));
        if (string.IsNullOrEmpty(password)) errors.Add(new("password", "required"));
        if (errors.Count > 0) throw new ValidationFailedException(errors);
        return await PasswordTokenAsync(context, users, options, email!, password!);
    }

    /// <summary>A new token for <paramref name="email"/> and <paramref name="password"/>, or null when they are wrong; audited either way.</summary>
    internal static async Task<IssuedToken?> PasswordTokenAsync(HttpContext context, UserService users, IOptions<PlatformOptions> options, string email, string password)
    {
        // A token is a credential: no cache or proxy may keep a copy.
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        var token = await users.IssueTokenAsync(email, password, options.Value.TokenLifetime, context.RequestAborted);
        await context.AuditAsync(token is null ? "signInFailed" : "signIn", email, userId: token?.UserId);
        return token;
    }
}
