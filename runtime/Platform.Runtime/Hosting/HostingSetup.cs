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
        // SQLite's calls block the thread they run on (its async methods are synchronous), so under load requests wait
        // for threads while the pool grows one at a time; starting with enough threads keeps tail latencies short.
        ThreadPool.GetMinThreads(out var workers, out var completion);
        ThreadPool.SetMinThreads(Math.Max(workers, 8 * Environment.ProcessorCount), completion);
        var maxBody = builder.Configuration.GetValue<long?>("Platform:MaxRequestBodyBytes") ?? new PlatformOptions().MaxRequestBodyBytes;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = maxBody;
            kestrel.AddServerHeader = false; // no product and version for a scanner to match
        });
        return builder;
    }

    /// <summary>Headers every answer carries: no content sniffing (a JSON answer is never run as a page).</summary>
    public static IApplicationBuilder UseSafeHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers.Remove("Server");
            return Task.CompletedTask;
        });
        return next(context);
    });
}
