using System.Globalization;
using System.Security.Claims;
using Platform.Engine.Users;

namespace Platform.Runtime.Auth;

/// <summary>
/// The user a request signed in as, however it did (a bearer token or the web app's session cookie): their claims as
/// the database has them at this call, and the user kept for the request (the directory's version, the credential).
/// </summary>
public static class SignedInUser
{
    public static ClaimsPrincipal Principal(HttpContext context, PlatformUser user, string scheme, params Claim[] extra)
    {
        context.Items[typeof(PlatformUser)] = user;
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)), new(ClaimTypes.Email, user.Email) };
        if (user.IsAdmin) claims.Add(new Claim(ClaimTypes.Role, "admin"));
        if (user.MustChangePassword) claims.Add(new Claim(AuthRegistration.MustChangePassword, "true"));
        claims.AddRange(extra);
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>The user this request signed in as, if it did.</summary>
    public static PlatformUser? Of(HttpContext context) =>
        context.Items.TryGetValue(typeof(PlatformUser), out var user) ? user as PlatformUser : null;
}
