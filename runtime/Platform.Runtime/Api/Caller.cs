using System.Security.Claims;
using Platform.Engine.Records;

namespace Platform.Runtime.Api;

/// <summary>The signed-in user, handed to the engine, which builds their caller context once per request.</summary>
public static class Caller
{
    public static long UserId(this HttpContext context) => long.Parse(context.User.FindFirstValue(ClaimTypes.NameIdentifier)!);

    public static bool IsAdmin(this HttpContext context) => context.User.IsInRole("admin");

    public static CallerContext Records(this HttpContext context)
    {
        if (context.Items.TryGetValue(typeof(CallerContext), out var built) && built is CallerContext caller) return caller;
        caller = context.RequestServices.GetRequiredService<CallerFactory>()
            .ForUser(context.UserId(), context.IsAdmin(), context.Request.Headers["X-Time-Zone"].ToString(), ApiCulture.Of(context));
        context.Items[typeof(CallerContext)] = caller;
        return caller;
    }
}
