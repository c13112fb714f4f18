using Microsoft.Net.Http.Headers;

namespace Platform.Runtime.Api;

/// <summary>The language of messages: Simplified Chinese when Accept-Language prefers it, English otherwise.</summary>
public static class ApiCulture
{
    public static string Of(HttpContext context)
    {
        var header = context.Request.Headers.AcceptLanguage.ToString();
        if (header.Length is 0 or > 500) return "en";
        if (!StringWithQualityHeaderValue.TryParseList(header.Split(','), out var languages)) return "en";
        var best = languages.OrderByDescending(l => l.Quality ?? 1).Select(l => l.Value.Value ?? "").FirstOrDefault(l => l.StartsWith("zh", StringComparison.OrdinalIgnoreCase) || l.StartsWith("en", StringComparison.OrdinalIgnoreCase));
        return best is not null && best.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? "zh-CN" : "en";
    }
}
