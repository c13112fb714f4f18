using System.Net;
using System.Net.Sockets;
using System.Text;
using Platform.Engine.Outbound;

namespace Platform.Engine.Tests.Outbound;

/// <summary>
/// Calls to the outside never reach this machine or its networks: every form of such an address is refused at the
/// connect step, before a packet is sent. The tests use only the loopback: a listener there sees whether anyone came.
/// </summary>
public sealed class OutboundClientTests
{
    private TcpListener _listener = null!;
    private int _port;

    [SetUp]
    public void Listen()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _port = ((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    [TearDown]
    public void Stop() => _listener.Dispose();

    [TestCase("http://127.0.0.1:{port}/")]
    [TestCase("http://localhost:{port}/")]
    [TestCase("http://[::1]:{port}/")]
    [TestCase("http://[::ffff:127.0.0.1]:{port}/")]
    [TestCase("http://0x7f000001:{port}/")]
    [TestCase("http://2130706433:{port}/")]
    [TestCase("http://127.1:{port}/")]
    [TestCase("http://10.0.0.1/")]
    [TestCase("http://172.16.5.4/")]
    [TestCase("http://192.168.1.1/")]
    [TestCase("http://100.64.0.1/")]
    [TestCase("http://169.254.169.254/latest/meta-data/")]
    [TestCase("http://[fe80::1]/")]
    [TestCase("http://[fd00::1]/")]
    [TestCase("http://224.0.0.1/")]
    [TestCase("http://0.0.0.0:{port}/")]
    public async Task An_address_inside_this_network_is_refused_before_connecting(string url)
    {
        using var client = new OutboundClient();

        var error = await Assert.ThrowsAsync<OutboundRefusedException>(() => client.SendAsync(HttpMethod.Get, url.Replace("{port}", _port.ToString(), StringComparison.Ordinal)));

        Assert.That(error!.Code, Is.EqualTo("outbound.address"));
        Assert.That(_listener.Pending(), Is.False, "nobody came to the listener");
    }

    [TestCase("file:///etc/passwd")]
    [TestCase("ftp://example.com/file")]
    [TestCase("gopher://127.0.0.1:70/")]
    [TestCase("not a url")]
    [TestCase("//example.com/no-scheme")]
    public async Task Only_http_and_https_are_called(string url)
    {
        using var client = new OutboundClient();

        var error = await Assert.ThrowsAsync<OutboundRefusedException>(() => client.SendAsync(HttpMethod.Get, url));

        Assert.That(error!.Code, Is.EqualTo("outbound.scheme"));
        Assert.That(Platform.Engine.Validation.Messages.Format(error.Code, "zh-CN", error.Args), Does.Contain("http"));
    }

    [Test]
    public async Task A_name_of_this_machine_is_refused_as_its_addresses_are()
    {
        using var client = new OutboundClient();
        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(Dns.GetHostName());
        }
        catch (SocketException)
        {
            addresses = [];
        }
        if (addresses.Length == 0 || !addresses.All(AddressRules.IsRefused)) Assert.Ignore("This machine's name does not resolve to its own addresses here.");

        var error = await Assert.ThrowsAsync<OutboundRefusedException>(() => client.SendAsync(HttpMethod.Get, $"http://{Dns.GetHostName()}:{_port}/"));

        Assert.That(error!.Code, Is.EqualTo("outbound.address"));
    }

    [Test]
    public async Task An_allowed_internal_host_answers_but_its_redirect_to_a_refused_address_is_not_followed()
    {
        using var client = new OutboundClient(new OutboundOptions { AllowedHosts = new HashSet<string> { $"127.0.0.1:{_port}" } });
        var served = ServeAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
            "HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/latest/meta-data/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        var answer = await client.SendAsync(HttpMethod.Get, $"http://127.0.0.1:{_port}/hook");
        var redirected = await Assert.ThrowsAsync<OutboundRefusedException>(() => client.SendAsync(HttpMethod.Get, $"http://127.0.0.1:{_port}/moved"));
        await served;

        Assert.That((answer.Status, answer.Body), Is.EqualTo((200, "ok")));
        Assert.That((redirected!.Code, redirected.Args[1]), Is.EqualTo(("outbound.address", (object?)"169.254.169.254")));
    }

    [Test]
    public async Task An_answer_past_the_size_cap_is_cut_off()
    {
        using var client = new OutboundClient(new OutboundOptions { AllowedHosts = new HashSet<string> { "127.0.0.1" }, MaxResponseBytes = 1000 });
        var served = ServeAsync("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + new string('x', 5000));

        var error = await Assert.ThrowsAsync<OutboundRefusedException>(() => client.SendAsync(HttpMethod.Get, $"http://127.0.0.1:{_port}/big"));
        await served;

        Assert.That(error!.Code, Is.EqualTo("outbound.tooLarge"));
    }

    /// <summary>Answers the next connections on the loopback listener, one raw response each.</summary>
    private Task ServeAsync(params string[] responses) => Task.Run(async () =>
    {
        foreach (var response in responses)
        {
            using var connection = await _listener.AcceptTcpClientAsync();
            var stream = connection.GetStream();
            var buffer = new byte[4096];
            _ = await stream.ReadAsync(buffer);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
        }
    });
}
