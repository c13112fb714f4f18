namespace Platform.Runtime.Hosting;

public static class HostingSetup
{
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>Port 5080 unless --urls or ASPNETCORE_URLS says otherwise; request bodies capped.</summary>
    public static WebApplicationBuilder AddPlatformHosting(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);
        var maxBody = builder.Configuration.GetValue<long?>("Platform:MaxRequestBodyBytes") ?? new PlatformOptions().MaxRequestBodyBytes;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = maxBody);
        return builder;
    }
}
