using System.Net;
using System.Net.Sockets;

namespace Alerts.Core.Subscriptions;

/// <summary>Which client a request came from, as a rate-limit key.</summary>
public static class ClientAddress
{
    /// <summary>
    /// The client's address: the last <c>X-Forwarded-For</c> entry (the one the platform's front end appended;
    /// earlier entries are whatever the client sent), else the connection's peer. IPv6 clients are keyed by
    /// their /64, since one subscriber line usually holds a whole /64. Null when neither says.
    /// </summary>
    public static string? From(string? forwardedFor, IPAddress? remote)
    {
        var last = forwardedFor?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        var address = Parse(last) ?? remote;
        if (address is null)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }

        return address.ToString();
    }

    private static IPAddress? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (IPAddress.TryParse(value, out var plain))
        {
            return plain;
        }

        // "1.2.3.4:5678" or "[2001:db8::1]:5678", as Azure's front end writes it.
        return IPEndPoint.TryParse(value, out var endpoint) ? endpoint.Address : null;
    }
}
