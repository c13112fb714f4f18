using System.Globalization;

namespace Platform.Engine.Views;

/// <summary>
/// Where a view lives is in its key: <c>u{user}_…</c> is that user's private view, any other key a shared view of the app.
/// So an address (<c>?view=u7_1a2b</c>) says whose it is, and a shared view cannot be shadowed by someone's private one.
/// </summary>
public static class ViewKeys
{
    /// <summary>The user a private view's key belongs to; null for a shared view's.</summary>
    public static long? Owner(string key)
    {
        if (key.Length < 3 || key[0] != 'u') return null;
        var underscore = key.IndexOf('_');
        return underscore > 1 && long.TryParse(key.AsSpan(1, underscore - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var user) ? user : null;
    }

    /// <summary>A new key for a private view of <paramref name="userId"/>, unlike any other (time-ordered, with a random tail).</summary>
    public static string NewPrivate(long userId, TimeProvider clock) =>
        $"u{userId}_{clock.GetUtcNow().ToUnixTimeMilliseconds():x}{Random.Shared.Next(0x1000):x3}";

    /// <summary>A new key for a shared view (what a user saving one never has to think of).</summary>
    public static string NewShared(TimeProvider clock) => $"v{clock.GetUtcNow().ToUnixTimeMilliseconds():x}{Random.Shared.Next(0x1000):x3}";
}
