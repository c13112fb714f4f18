namespace Platform.Runtime.Hosting;

public static class HostingSetup
{
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>Port 5080 unless --urls or ASPNETCORE_URLS says otherwise; request bodies capped.</summary>
    public static WebApplicationBuilder AddPlatformHosting(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);
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
