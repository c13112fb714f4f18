using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Platform.Runtime.Hosting;

/// <summary>
/// Behind a reverse proxy every request comes from the proxy's address: the client's own address and scheme are in the
/// <c>X-Forwarded-*</c> headers the proxy sets. They are believed from the loopback and from
/// <c>Platform:TrustedProxies</c> only — anyone else could write them to slip past the per-address sign-in limit.
/// </summary>
public static class ProxyHeaders
{
    public static IApplicationBuilder UseProxyHeaders(this WebApplication app)
    {
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        foreach (var proxy in app.Services.GetRequiredService<IOptions<PlatformOptions>>().Value.TrustedProxies)
        {
            if (System.Net.IPNetwork.TryParse(proxy, out var network)) options.KnownIPNetworks.Add(network);
            else if (IPAddress.TryParse(proxy, out var address)) options.KnownProxies.Add(address);
            else throw new InvalidOperationException($"Platform:TrustedProxies: \"{proxy}\" is neither an address nor a network such as 10.0.0.0/8.");
        }
        return app.UseForwardedHeaders(options);
    }
}
