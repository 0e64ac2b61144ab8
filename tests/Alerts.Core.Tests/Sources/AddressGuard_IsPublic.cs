using System.Net;
using Alerts.Core.Sources;

namespace Alerts.Core.Tests.Sources;

public sealed class AddressGuard_IsPublic
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("224.0.0.1")]
    public void RefusesInternalAddresses(string address)
    {
        Assert.False(AddressGuard.IsPublic(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("::", "unspecified")]
    [InlineData("::10.0.0.1", "IPv4-compatible, private")]
    [InlineData("::127.0.0.1", "IPv4-compatible, loopback")]
    [InlineData("::8.8.8.8", "IPv4-compatible, even public: deprecated, never a feed")]
    [InlineData("::ffff:8.8.8.8", "IPv4-mapped, even public: the socket would reach IPv4 around the v4 rules")]
    [InlineData("::ffff:169.254.169.254", "IPv4-mapped metadata service")]
    [InlineData("64:ff9b::a9fe:a9fe", "NAT64 well-known prefix to 169.254.169.254")]
    [InlineData("64:ff9b::808:808", "NAT64 well-known prefix, even to a public address")]
    [InlineData("64:ff9b:1::a00:1", "NAT64 local-use prefix")]
    [InlineData("64:ff9b:1:ffff::1", "NAT64 local-use prefix, end of the /48")]
    [InlineData("2002:a00:1::1", "6to4 carrying 10.0.0.1")]
    [InlineData("2002:7f00:1::1", "6to4 carrying 127.0.0.1")]
    [InlineData("2002:a9fe:a9fe::1", "6to4 carrying 169.254.169.254")]
    [InlineData("2002:a83f:8110::1", "6to4 carrying the Azure wire server")]
    [InlineData("2001::1", "Teredo")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo with a server and client")]
    [InlineData("2001:2::1", "benchmarking")]
    [InlineData("2001:db8::1", "documentation")]
    [InlineData("3fff::1", "documentation (2024)")]
    [InlineData("100::1", "discard")]
    [InlineData("100::ffff:ffff:ffff:ffff", "discard, end of the /64")]
    [InlineData("fec0::1", "site-local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("168.63.129.16", "Azure wire server")]
    [InlineData("192.0.2.1", "TEST-NET-1")]
    [InlineData("198.51.100.1", "TEST-NET-2")]
    [InlineData("203.0.113.1", "TEST-NET-3")]
    [InlineData("192.88.99.1", "6to4 relay anycast")]
    [InlineData("198.18.0.1", "benchmarking")]
    [InlineData("240.0.0.1", "reserved")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("127.255.255.254", "loopback, end of the /8")]
    public void RefusesSpecialRangesThatCanLeadBackInside(string address, string range)
    {
        Assert.False(AddressGuard.IsPublic(IPAddress.Parse(address)), range);
    }

    [Theory]
    [InlineData("2002:808:808::1")]
    [InlineData("2a00:1450:4001:82b::200e")]
    [InlineData("168.63.129.17")]
    [InlineData("2001:4860:4860::8888")]
    public void AllowsPublicNeighboursOfTheRefusedRanges(string address)
    {
        Assert.True(AddressGuard.IsPublic(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData(80, true)]
    [InlineData(443, true)]
    [InlineData(8080, false)]
    [InlineData(22, false)]
    [InlineData(6379, false)]
    public void OnlyThePlainWebPortsAreFetched(int port, bool allowed)
    {
        Assert.Equal(allowed, AddressGuard.IsAllowedPort(port));
    }

    [Theory]
    [InlineData("::ffff:10.0.0.1")]
    public void RefusesMappedPrivateAddresses(string address)
    {
        Assert.False(AddressGuard.IsPublic(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    public void AllowsPublicAddresses(string address)
    {
        Assert.True(AddressGuard.IsPublic(IPAddress.Parse(address)));
    }
}
