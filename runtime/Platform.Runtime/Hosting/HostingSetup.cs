namespace Platform.Runtime.Hosting;

public static class HostingSetup
{
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>Port 5080 unless --urls or ASPNETCORE_URLS says otherwise; request bodies capped.</summary>
    public static WebApplicationBuilder AddPlatformHosting(this WebApplicationBuilder builder)
    {
        // The settings shipped beside the program (log levels: warnings, not a line per request) apply wherever it is
        // started from: the content root is the working folder, which holds no appsettings.json when the program is
        // run from elsewhere. First in line, so the content root's file, the environment and the command line override it.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
        {
            Path = "appsettings.json",
            Optional = true,
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AppContext.BaseDirectory),
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);
        // Each log line says what it was part of: a request's scope (its RequestId and path), and the trace, span and tags
        // of the activity it ran in — a workflow run's id (platform.run) among them — so the lines of one request or run
        // can be found among several nodes' logs.
        builder.Logging.Configure(logging => logging.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.Tags);
        builder.Logging.AddSimpleConsole(console => console.IncludeScopes = true);
        // The web app's scripts and styles (MudBlazor's among them) from the build's output in every environment, not only
        // in Development: `dotnet run` starts in Production. A published build carries them in wwwroot.
        builder.WebHost.UseStaticWebAssets();
        // SQLite's calls block the thread they run on (its async methods are synchronous), so under load requests wait
        // for threads while the pool grows one at a time; starting with enough threads keeps tail latencies short. Not
        // too many: each is runnable at once under load, and the kernel then hands the cores round in slices, so a short
        // request waits for many others' slices (at 8 a core the 50-row page's p99 was 52–62 ms at 20 clients, at 4 a core
        // 39–52 ms; at 1 a core get by id fell to 43% of /health).
        ThreadPool.GetMinThreads(out var workers, out var completion);
        ThreadPool.SetMinThreads(Math.Max(workers, 4 * Environment.ProcessorCount), completion);
        var maxBody = builder.Configuration.GetValue<long?>("Platform:MaxRequestBodyBytes") ?? new PlatformOptions().MaxRequestBodyBytes;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = maxBody;
            kestrel.AddServerHeader = false; // no product and version for a scanner to match
        });
        return builder;
    }

    /// <summary>
    /// Everything from this server only (every asset is served by the runtime; no CDN), nothing framed by others, no
    /// plugins. Inline scripts and styles are allowed because the API docs page configures itself inline and MudBlazor
    /// styles elements inline; the web app can tighten scripts to nonces when it lands.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    /// <summary>Headers every answer carries: no content sniffing (a JSON answer is never run as a page).</summary>
    public static IApplicationBuilder UseSafeHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.Remove("Server");
            // No page of ours may be framed by another site (clickjacking), nor send where it came from to other sites.
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            // An answer that set a stricter policy keeps it (a downloaded file: a sandbox where nothing runs).
            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy)) headers.ContentSecurityPolicy = ContentSecurityPolicy;
            return Task.CompletedTask;
        });
        return next(context);
    });
}
