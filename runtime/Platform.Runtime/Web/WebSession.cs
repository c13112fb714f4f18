using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Platform.Engine.Records;
using Platform.Engine.Users;

namespace Platform.Runtime.Web;

/// <summary>Who a web-app circuit acts for: the user, their caller context (their rights) and their language.</summary>
public sealed record SignedIn(UserProfile User, CallerContext Caller, UiText Text)
{
    private static readonly Platform.Engine.Forms.Fields.DateTimeField Instant = new() { Key = "at" };

    /// <summary>An instant as this user reads it: in their time zone, worded as any date-time field is.</summary>
    public string When(DateTime at) => Platform.Engine.Values.FieldFormatter.Format(Instant, at, Text.CultureInfo, Caller.TimeZone);
}

/// <summary>
/// The signed-in user of one circuit (or one page rendered on the server), worked out once from the session cookie the
/// circuit started with; the engine builds their caller context as it does for an API request.
/// </summary>
public sealed class WebSession(AuthenticationStateProvider authentication, UserService users, AccessResolver access, CallerFactory callers)
{
    private SignedIn? _signedIn;

    /// <summary>The user this circuit has signed in so far (null before its first page asked).</summary>
    public long? SignedInUserId => _signedIn?.User.Id;

    /// <summary>The signed-in user, or null when nobody is (the page then sends them to sign in).</summary>
    public async Task<SignedIn?> GetAsync(CancellationToken ct = default)
    {
        if (_signedIn is not null) return _signedIn;
        var principal = (await authentication.GetAuthenticationStateAsync()).User;
        if (principal.Identity?.IsAuthenticated != true || principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { } id) return null;
        var userId = long.Parse(id, System.Globalization.CultureInfo.InvariantCulture);
        var isAdmin = principal.IsInRole("admin");
        var user = await users.GetAsync(userId, ct);
        var text = new UiText(user.Locale ?? "en");
        var caller = callers.ForUser(userId, isAdmin, user.TimeZone, text.Culture) with { Access = await access.ForUserAsync(userId, isAdmin, null, ct) };
        return _signedIn = new SignedIn(user, caller, text);
    }

    /// <summary>Reads the user again at the next page (their profile changed: name, time zone).</summary>
    public void Forget() => _signedIn = null;

    /// <summary>Saves the user's language (<c>en</c> or <c>zh-CN</c>) in their profile, as the API's profile call would.</summary>
    public async Task SetLanguageAsync(string culture, CancellationToken ct = default)
    {
        if (await GetAsync(ct) is not { } signedIn) return;
        await users.UpdateAsync(signedIn.User.Id, new ProfileChange(Locale: culture), ct);
        _signedIn = null;
    }
}
