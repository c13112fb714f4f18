namespace Platform.Engine.Records;

/// <summary>
/// Builds the caller context of a signed-in person once per request, from what the host knows
/// (user, admin flag, the time zone and language asked for). Rights and field views come from the
/// permission layer when it lands; until then every person sees every field and row.
/// </summary>
public sealed class CallerFactory(string defaultTimeZone = "UTC")
{
    private const int MaxZoneName = 64;

    public CallerContext ForUser(long userId, bool isAdmin, string? timeZone, string? culture) =>
        CallerContext.ForUser(userId, isAdmin) with
        {
            TimeZone = Zone(timeZone) ?? DefaultZone,
            Culture = culture is { } c && c.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? "zh-CN" : "en",
        };

    /// <summary>The zone "today" means when a caller names none; the engine's own jobs use it too.</summary>
    public TimeZoneInfo DefaultZone => Zone(defaultTimeZone) ?? TimeZoneInfo.Utc;

    // Every request names a zone (its own or the default); each is looked up once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TimeZoneInfo?> Zones = new(StringComparer.Ordinal);

    private static TimeZoneInfo? Zone(string? name) =>
        name is { Length: > 0 and <= MaxZoneName }
            ? Zones.Count < 1000 || Zones.ContainsKey(name) ? Zones.GetOrAdd(name, Find) : Find(name)
            : null;

    private static TimeZoneInfo? Find(string name) => TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) ? zone : null;
}
