using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Engine.Users;
using Platform.Engine.Validation;
using Platform.Runtime.Api;
using Platform.Runtime.Hosting;

namespace Platform.Runtime.Auth;

public sealed record TokenResponse(string Token, DateTime ExpiresAt);

public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/token", IssueAsync)
            .WithName("IssueToken").WithSummary("Exchange an email and password for a bearer token").WithTags("Auth")
            .Accepts<TokenRequest>("application/json").Produces<TokenResponse>().ProducesProblem(401).ProducesProblem(400).ProducesProblem(415).ProducesProblem(429).AllowAnonymous()
            .RequireRateLimiting(AuthRegistration.SignInLimit);
        return app;
    }

    private static async Task<IResult> IssueAsync(HttpContext context, UserService users, IOptions<PlatformOptions> options)
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

        // A token is a credential: no cache or proxy may keep a copy.
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        var token = await users.IssueTokenAsync(email!, password!, options.Value.TokenLifetime, context.RequestAborted);
        if (token is null)
        {
            await context.AuditAsync("signInFailed", email);
            return Problems.Status(context, 401, "auth.invalid");
        }
        await context.AuditAsync("signIn", email, userId: token.UserId);
        return TypedResults.Ok(new TokenResponse(token.Token, token.ExpiresAt));
    }
}
