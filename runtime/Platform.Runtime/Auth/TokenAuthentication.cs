using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Platform.Engine.Users;
using Platform.Runtime.Api;

namespace Platform.Runtime.Auth;

/// <summary>Bearer tokens issued by <c>POST /api/auth/token</c>, checked against their stored hash.</summary>
public sealed class TokenAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, UserService users)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PlatformToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var user = await users.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (user is null) return AuthenticateResult.Fail("The token is not valid or has expired.");
        return AuthenticateResult.Success(new AuthenticationTicket(SignedInUser.Principal(Context, user, SchemeName), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // RFC 6750: a 401 names the scheme, and says why when a token was sent but refused.
        Response.Headers.WWWAuthenticate = Request.Headers.Authorization.Count > 0 ? "Bearer error=\"invalid_token\"" : "Bearer";
        return Problems.Status(Context, 401).ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Problems.Status(Context, 403).ExecuteAsync(Context);
}

public static class AuthRegistration
{
    public const string AdminPolicy = "admin";

    /// <summary>The claim of a user whose password an admin reset: until they change it, they may do nothing else.</summary>
    public const string MustChangePassword = "must_change_password";

    /// <summary>The rate limit of sign-in attempts, per client address.</summary>
    public const string SignInLimit = "sign-in";

    private const string SignedIn = "Platform";

    private static readonly string[] OpenToMustChange = ["/api/me", "/api/me/password"];

    public static IServiceCollection AddPlatformAuth(this IServiceCollection services)
    {
        // A call with an Authorization header is the API's (a bearer token); one without may be the web app's (its
        // session cookie). Either way an unauthenticated call is answered 401 with the bearer challenge.
        services.AddAuthentication(SignedIn)
            .AddPolicyScheme(SignedIn, null, policy =>
            {
                policy.ForwardDefaultSelector = context => context.Request.Headers.Authorization.Count > 0 ? TokenAuthentication.SchemeName : SessionCookies.SchemeName;
                policy.ForwardChallenge = TokenAuthentication.SchemeName;
                policy.ForwardForbid = TokenAuthentication.SchemeName;
            })
            .AddScheme<AuthenticationSchemeOptions, TokenAuthentication>(TokenAuthentication.SchemeName, null)
            .AddSessionCookies(services);
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, policy => policy.RequireRole("admin"))
            .SetFallbackPolicy(null);
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(SignInLimit, context => System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions
                {
                    PermitLimit = context.RequestServices.GetRequiredService<IOptions<Hosting.PlatformOptions>>().Value.SignInsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                }));
            // Each token (or web session) may make so many calls a second, with bursts up to twice that; 0 is no limit.
            limiter.GlobalLimiter = System.Threading.RateLimiting.PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var perSecond = context.RequestServices.GetRequiredService<IOptions<Hosting.PlatformOptions>>().Value.RequestsPerSecondPerToken;
                if (perSecond <= 0 || SignedInUser.Of(context) is not { } user) return System.Threading.RateLimiting.RateLimitPartition.GetNoLimiter("");
                return System.Threading.RateLimiting.RateLimitPartition.GetTokenBucketLimiter(user.Credential, _ => new System.Threading.RateLimiting.TokenBucketRateLimiterOptions
                {
                    TokenLimit = 2 * perSecond,
                    TokensPerPeriod = perSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (rejected, _) =>
            {
                var perToken = SignedInUser.Of(rejected.HttpContext) is not null;
                rejected.HttpContext.Response.Headers.RetryAfter = perToken ? "1" : "60";
                await Problems.Status(rejected.HttpContext, 429, perToken ? "auth.tooFast" : "auth.tooMany").ExecuteAsync(rejected.HttpContext);
            };
        });
        return services;
    }

    /// <summary>A user whose password an admin reset may only see who they are and change it (403 for anything else).</summary>
    public static IApplicationBuilder UsePasswordChangeGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.HasClaim(MustChangePassword, "true") && !OpenToMustChange.Contains(context.Request.Path.Value?.TrimEnd('/'), StringComparer.OrdinalIgnoreCase))
        {
            await Problems.Status(context, 403, "auth.mustChangePassword").ExecuteAsync(context);
            return;
        }
        await next(context);
    });
}
