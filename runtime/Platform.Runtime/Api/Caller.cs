using System.Security.Claims;
using Microsoft.Extensions.Options;
using Platform.Engine.Records;
using Platform.Runtime.Hosting;

namespace Platform.Runtime.Api;

/// <summary>The signed-in user as the engine sees them: a record context with time zone (and, later, row scope).</summary>
public static class Caller
{
    public static long UserId(this HttpContext context) => long.Parse(context.User.FindFirstValue(ClaimTypes.NameIdentifier)!);

    public static bool IsAdmin(this HttpContext context) => context.User.IsInRole("admin");

    public static RecordContext Records(this HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<PlatformOptions>>().Value;
        var zoneName = context.Request.Headers["X-Time-Zone"].ToString();
        if (zoneName.Length is 0 or > 64 || !TimeZoneInfo.TryFindSystemTimeZoneById(zoneName, out var zone))
            zone = TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out var configured) ? configured : TimeZoneInfo.Utc;
        return new RecordContext(context.UserId(), context.IsAdmin()) { TimeZone = zone };
    }
}
