using System.Security.Claims;
using Platform.Engine.Records;
using Platform.Engine.Users;

namespace Platform.Runtime.Api;

/// <summary>The signed-in user, handed to the engine, which builds their caller context (and works out their rights) once per request.</summary>
public static class Caller
{
    public static long UserId(this HttpContext context) => long.Parse(context.User.FindFirstValue(ClaimTypes.NameIdentifier)!);

    public static bool IsAdmin(this HttpContext context) => context.User.IsInRole("admin");

    /// <summary>The caller of this request, with the rights their roles give.</summary>
    public static async ValueTask<CallerContext> CallerAsync(this HttpContext context)
    {
        if (context.Items.TryGetValue(typeof(CallerContext), out var built) && built is CallerContext known) return known;
        var services = context.RequestServices;
        // The directory's version came with the user when the request signed in: rights cost no read of their own.
        var user = Auth.SignedInUser.Of(context);
        var access = await services.GetRequiredService<AccessResolver>().ForUserAsync(context.UserId(), context.IsAdmin(), user?.DirectoryVersion, context.RequestAborted);
        var attributes = user is null ? null
            : UserAttributes.Of(await services.GetRequiredService<UserAttributes>().KeysAsync(user.DirectoryVersion, context.RequestAborted), user.Attributes);
        if (user is { TokenApps: not null } or { TokenReadOnly: true }) access = new TokenLimits(access, user.TokenApps, user.TokenReadOnly);
        var caller = services.GetRequiredService<CallerFactory>()
            .ForUser(context.UserId(), context.IsAdmin(), context.Request.Headers["X-Time-Zone"].ToString(), ApiCulture.Of(context)) with
        { Access = access, Attributes = attributes ?? new Dictionary<string, string?>() };
        context.Items[typeof(CallerContext)] = caller;
        return caller;
    }

    /// <summary>The caller <see cref="CallerAsync"/> built earlier in this request.</summary>
    public static CallerContext Records(this HttpContext context) =>
        context.Items.TryGetValue(typeof(CallerContext), out var built) && built is CallerContext caller
            ? caller
            : throw new InvalidOperationException("The caller is built by CallerAsync first.");
}
