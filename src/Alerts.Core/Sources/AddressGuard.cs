using System.Net;
using System.Net.Sockets;

namespace Alerts.Core.Sources;

/// <summary>
/// Refuses addresses and ports a server-side fetch must never reach (SSRF). IPv4: every special-purpose
/// range of the IANA registry (loopback, private, link-local with the metadata service, CGNAT,
/// documentation, benchmarking, 6to4 relay, multicast, reserved) and Azure's wire server 168.63.129.16.
/// IPv6: only global unicast (2000::/3) is fetched, which leaves out IPv4-compatible, IPv4-mapped,
/// NAT64 (64:ff9b::/96, 64:ff9b:1::/48), discard (100::/64), unique-local, link-local and multicast
/// at once; within it the IETF block with Teredo (2001::/23), documentation and 6to4 carrying a
/// non-public IPv4 address are refused too, because each of them can lead back to an internal address.
/// </summary>
public static class AddressGuard
{
    /// <summary>Azure's wire server (DHCP, DNS, health probes, the VM agent): reachable from every Azure host, never a feed.</summary>
    public static readonly IPAddress AzureWireServer = IPAddress.Parse("168.63.129.16");

    /// <summary>Plain web ports only: anything else on a public host is more likely a service than a feed.</summary>
    public static bool IsAllowedPort(int port) => port is 80 or 443;

    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IsPublicV6(address.GetAddressBytes()),
            _ => false,
        };
    }

    private static bool IsPublicV4(ReadOnlySpan<byte> b)
    {
        if (b.SequenceEqual(AzureWireServer.GetAddressBytes()))
        {
            return false;
        }

        return !(b[0] == 0 // "this network"
            || b[0] == 10
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) // CGNAT
            || b[0] == 127
            || (b[0] == 169 && b[1] == 254) // link-local, the metadata service
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 0 && b[2] == 0) // IETF protocol assignments
            || (b[0] == 192 && b[1] == 0 && b[2] == 2) // TEST-NET-1
            || (b[0] == 192 && b[1] == 88 && b[2] == 99) // 6to4 relay anycast
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 198 && (b[1] == 18 || b[1] == 19)) // benchmarking
            || (b[0] == 198 && b[1] == 51 && b[2] == 100) // TEST-NET-2
            || (b[0] == 203 && b[1] == 0 && b[2] == 113) // TEST-NET-3
            || b[0] >= 224); // multicast, reserved, broadcast
    }

    private static bool IsPublicV6(ReadOnlySpan<byte> b)
    {
        // Global unicast only: ::/8 (unspecified, loopback, IPv4-compatible, IPv4-mapped), 64:ff9b::/96 and
        // 64:ff9b:1::/48 (NAT64), 100::/64 (discard), fc00::/7, fe80::/10 and ff00::/8 all fall outside.
        if ((b[0] & 0xE0) != 0x20)
        {
            return false;
        }

        // 2001::/23: IETF protocol assignments, Teredo (2001::/32, which tunnels to an IPv4 address), benchmarking, ORCHID.
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] < 0x02)
        {
            return false;
        }

        // 2001:db8::/32 and 3fff::/20: documentation.
        if ((b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) || (b[0] == 0x3f && b[1] == 0xff && b[2] < 0x10))
        {
            return false;
        }

        // 2002::/16: 6to4, whose next 32 bits are an IPv4 address the relay forwards to.
        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return IsPublicV4(b.Slice(2, 4));
        }

        return true;
    }
}
