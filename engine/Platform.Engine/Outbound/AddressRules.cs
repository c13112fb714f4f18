using System.Net;
using System.Net.Sockets;

namespace Platform.Engine.Outbound;

/// <summary>
/// The addresses a call to the outside must never reach: this machine, private networks, link-local addresses (the
/// cloud metadata service at 169.254.169.254 among them), shared (CGNAT) space, multicast, reserved and unspecified
/// addresses, and IPv6's forms of all of these, an IPv4 address mapped into IPv6 included.
/// </summary>
public static class AddressRules
{
    private static readonly (IPAddress Network, int Bits)[] RefusedV4 =
    [
        (IPAddress.Parse("0.0.0.0"), 8), (IPAddress.Parse("10.0.0.0"), 8), (IPAddress.Parse("100.64.0.0"), 10), (IPAddress.Parse("127.0.0.0"), 8),
        (IPAddress.Parse("169.254.0.0"), 16), (IPAddress.Parse("172.16.0.0"), 12), (IPAddress.Parse("192.0.0.0"), 24), (IPAddress.Parse("192.0.2.0"), 24),
        (IPAddress.Parse("192.168.0.0"), 16), (IPAddress.Parse("198.18.0.0"), 15), (IPAddress.Parse("198.51.100.0"), 24), (IPAddress.Parse("203.0.113.0"), 24),
        (IPAddress.Parse("224.0.0.0"), 4), (IPAddress.Parse("240.0.0.0"), 4),
    ];

    private static readonly (IPAddress Network, int Bits)[] RefusedV6 =
    [
        (IPAddress.Parse("::"), 128), (IPAddress.Parse("::1"), 128), (IPAddress.Parse("fc00::"), 7), (IPAddress.Parse("fe80::"), 10),
        (IPAddress.Parse("fec0::"), 10), (IPAddress.Parse("ff00::"), 8), (IPAddress.Parse("2001:db8::"), 32), (IPAddress.Parse("64:ff9b::"), 96),
        (IPAddress.Parse("2002::"), 16), (IPAddress.Parse("2001::"), 32),
    ];

    /// <summary>Whether a call may not connect to this address.</summary>
    public static bool IsRefused(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && IsIPv4Compatible(address)) return true;
        var rules = address.AddressFamily == AddressFamily.InterNetwork ? RefusedV4 : RefusedV6;
        return rules.Any(rule => InNetwork(address, rule.Network, rule.Bits));
    }

    // ::a.b.c.d, long deprecated, is read as IPv4 by some stacks: never a place to call.
    private static bool IsIPv4Compatible(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return bytes.Take(12).All(b => b == 0);
    }

    private static bool InNetwork(IPAddress address, IPAddress network, int bits)
    {
        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        if (a.Length != n.Length) return false;
        for (var i = 0; i < a.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
            if ((a[i] & mask) != (n[i] & mask)) return false;
        }
        return true;
    }
}
