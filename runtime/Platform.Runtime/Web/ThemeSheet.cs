using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Platform.Runtime.Web;

/// <summary>
/// MudBlazor's theme (some 11,000 characters of colour, size and type variables, and its scrollbar) as one style sheet, drawn
/// once by MudBlazor's own theme provider when first asked and served at <c>/theme.css</c>. In a layout, the provider would
/// be drawn into every open page and its text held by the server for as long as the page is open; the platform has one
/// theme and does not follow the browser's dark mode, so nothing in it differs from page to page.
/// </summary>
public static partial class ThemeSheet
{
    public const string Path = "/theme.css";

    private static Task<string>? s_css;

    public static RouteHandlerBuilder MapThemeSheet(this IEndpointRouteBuilder app) =>
        app.MapGet(Path, async (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=3600";
            var css = s_css ??= DrawAsync(app.ServiceProvider);
            try
            {
                return Results.Text(await css, "text/css; charset=utf-8");
            }
            catch
            {
                s_css = null; // drawn again when next asked, rather than failing for as long as the process runs
                throw;
            }
        }).AllowAnonymous().ExcludeFromDescription();

    private static async Task<string> DrawAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<ILoggerFactory>());
        var html = await renderer.Dispatcher.InvokeAsync(async () => (await renderer.RenderComponentAsync<MudThemeProvider>()).ToHtmlString());
        return string.Join('\n', StyleElement().Matches(html).Select(m => m.Groups[1].Value.Trim()));
    }

    [GeneratedRegex("<style[^>]*>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleElement();
}
