using System.Net;
using System.Net.Sockets;
using Platform.Engine.Validation;

namespace Platform.Engine.Outbound;

/// <summary>How calls to the outside are limited.</summary>
public sealed record OutboundOptions
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public int MaxResponseBytes { get; init; } = 1024 * 1024;

    public int MaxRedirects { get; init; } = 5;

    /// <summary>Host names (or <c>host:port</c>) an admin allows although they resolve to internal addresses.</summary>
    public IReadOnlySet<string> AllowedHosts { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
}

/// <summary>What the outside answered.</summary>
public sealed record OutboundResponse(int Status, string Body, Uri Address);

/// <summary>A call to the outside that was not made, or stopped.</summary>
public sealed class OutboundRefusedException(string code, params object?[] args) : PlatformException(Messages.Format(code, "en", args))
{
    public string Code { get; } = code;

    public object?[] Args { get; } = args;
}

/// <summary>
/// The one client for every call to the outside (webhooks, notifications). Only http and https; the host's name is
/// resolved here and every address it has is checked (<see cref="AddressRules"/>) before connecting, and the connection
/// goes to the address that was checked, so a name that changes its answer between the check and the connect (DNS
/// rebinding) cannot slip through; redirects are followed by hand, each checked the same way; the answer is cut off
/// past a size, and the whole call past a time.
/// </summary>
public sealed class OutboundClient : IDisposable
{
    private readonly OutboundOptions _options;
    private readonly HttpClient _client;

    public OutboundClient(OutboundOptions? options = null)
    {
        _options = options ?? new OutboundOptions();
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            ConnectCallback = ConnectAsync,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        };
        _client = new HttpClient(handler) { Timeout = _options.Timeout };
    }

    public async Task<OutboundResponse> SendAsync(HttpMethod method, string url, Func<HttpContent?>? content = null, CancellationToken ct = default,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var address = Checked(url);
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(method, address) { Content = content?.Invoke() };
            foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);
            HttpResponseMessage response;
            try
            {
                response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            }
            catch (HttpRequestException e) when (e.InnerException is OutboundRefusedException refused)
            {
                throw refused;
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new OutboundRefusedException("outbound.timeout", _options.Timeout.TotalSeconds);
            }
            using (response)
            {
                if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    if (redirects >= _options.MaxRedirects) throw new OutboundRefusedException("outbound.redirects", _options.MaxRedirects);
                    address = Checked(new Uri(address, location).ToString());
                    if (response.StatusCode is HttpStatusCode.SeeOther or HttpStatusCode.Found or HttpStatusCode.MovedPermanently) (method, content) = (HttpMethod.Get, null);
                    continue;
                }
                return new OutboundResponse((int)response.StatusCode, await ReadAsync(response, ct), address);
            }
        }
    }

    /// <summary>
    /// Why a call to <paramref name="url"/> would be refused, known before calling (a definition is checked with it): not
    /// http or https, or a host that is, or resolves to, a refused address and is not allowed. A name that does not
    /// resolve now is not refused here; each call checks again.
    /// </summary>
    public async Task<OutboundRefusedException?> RefusesAsync(string url, CancellationToken ct = default)
    {
        Uri address;
        try
        {
            address = Checked(url);
        }
        catch (OutboundRefusedException e)
        {
            return e;
        }
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(address.Host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(address.Host, ct);
        }
        catch (SocketException)
        {
            return null;
        }
        return Refused(address.Host, address.Port, addresses);
    }

    private OutboundRefusedException? Refused(string host, int port, IPAddress[] addresses) =>
        _options.AllowedHosts.Contains(host) || _options.AllowedHosts.Contains($"{host}:{port}") || addresses.FirstOrDefault(AddressRules.IsRefused) is not { } refused
            ? null
            : new OutboundRefusedException("outbound.address", host, refused.ToString());

    /// <summary>The address, if it is an http or https address with a host; <c>file:</c> and the like never go further.</summary>
    private static Uri Checked(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            throw new OutboundRefusedException("outbound.scheme", url);
        return uri;
    }

    private async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength > _options.MaxResponseBytes) throw new OutboundRefusedException("outbound.tooLarge", _options.MaxResponseBytes);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > _options.MaxResponseBytes) throw new OutboundRefusedException("outbound.tooLarge", _options.MaxResponseBytes);
            buffer.Write(chunk, 0, read);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    // Every connection, the first and each redirect's, is made here: resolve, check every address, connect to a checked one.
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        if (addresses.Length == 0) throw new OutboundRefusedException("outbound.unresolved", host);
        // One refused address refuses the name: a name that answers both kinds is not trusted with either.
        if (Refused(host, port, addresses) is { } refused) throw refused;
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last!;
    }

    public void Dispose() => _client.Dispose();
}
