using System.Net;
using Everruns.Worker.Tools;

namespace Everruns.Tests.Tools;

public sealed class OutboundAddressPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1", OutboundAddressKind.Loopback)]
    [InlineData("127.255.0.9", OutboundAddressKind.Loopback)]
    [InlineData("::1", OutboundAddressKind.Loopback)]
    [InlineData("10.0.0.1", OutboundAddressKind.Private)]
    [InlineData("10.255.255.255", OutboundAddressKind.Private)]
    [InlineData("172.16.0.1", OutboundAddressKind.Private)]
    [InlineData("172.31.255.254", OutboundAddressKind.Private)]
    [InlineData("192.168.1.1", OutboundAddressKind.Private)]
    [InlineData("fc00::1", OutboundAddressKind.Private)]
    [InlineData("fd12:3456:789a::1", OutboundAddressKind.Private)]
    [InlineData("100.64.0.1", OutboundAddressKind.SharedAddressSpace)]
    [InlineData("100.127.255.254", OutboundAddressKind.SharedAddressSpace)]
    [InlineData("169.254.169.254", OutboundAddressKind.LinkLocal)]
    [InlineData("fe80::1", OutboundAddressKind.LinkLocal)]
    [InlineData("0.0.0.0", OutboundAddressKind.Unspecified)]
    [InlineData("::", OutboundAddressKind.Unspecified)]
    [InlineData("224.0.0.1", OutboundAddressKind.Multicast)]
    [InlineData("ff02::1", OutboundAddressKind.Multicast)]
    [InlineData("255.255.255.255", OutboundAddressKind.Reserved)]
    [InlineData("::ffff:127.0.0.1", OutboundAddressKind.Loopback)]
    [InlineData("::ffff:10.1.2.3", OutboundAddressKind.Private)]
    [InlineData("64:ff9b::a9fe:a9fe", OutboundAddressKind.LinkLocal)]
    [InlineData("8.8.8.8", OutboundAddressKind.Public)]
    [InlineData("172.32.0.1", OutboundAddressKind.Public)]
    [InlineData("100.128.0.1", OutboundAddressKind.Public)]
    [InlineData("2001:4860:4860::8888", OutboundAddressKind.Public)]
    [InlineData("::ffff:93.184.216.34", OutboundAddressKind.Public)]

    // Every IPv6 form that carries an IPv4 address reaches that address.
    [InlineData("::ffff:0:127.0.0.1", OutboundAddressKind.Loopback)]
    [InlineData("::ffff:0:10.0.0.1", OutboundAddressKind.Private)]
    [InlineData("::127.0.0.1", OutboundAddressKind.Loopback)]
    [InlineData("::192.168.0.1", OutboundAddressKind.Private)]
    [InlineData("2002:7f00:1::", OutboundAddressKind.Loopback)]
    [InlineData("2002:c0a8:101::1", OutboundAddressKind.Private)]
    [InlineData("2002:a9fe:a9fe:1::5", OutboundAddressKind.LinkLocal)]
    [InlineData("2002:808:808::1", OutboundAddressKind.Public)]
    [InlineData("64:ff9b::127.0.0.1", OutboundAddressKind.Loopback)]
    [InlineData("64:ff9b::8.8.8.8", OutboundAddressKind.Public)]
    [InlineData("64:ff9b:1::a00:1", OutboundAddressKind.Private)]
    [InlineData("64:ff9b:1:7f00:0:100::", OutboundAddressKind.Private)]
    [InlineData("2001:0:4136:e378:8000:63bf:80ff:fffe", OutboundAddressKind.Loopback)]
    [InlineData("2001:0:4136:e378:8000:63bf:f5ff:fffe", OutboundAddressKind.Private)]
    [InlineData("2001:0:c0a8:101:8000:63bf:f7f7:f7f7", OutboundAddressKind.Private)]
    [InlineData("2001:0:4136:e378:8000:63bf:f7f7:f7f7", OutboundAddressKind.Public)]
    [InlineData("2607:f8b0::5efe:127.0.0.1", OutboundAddressKind.Loopback)]
    [InlineData("2607:f8b0::200:5efe:192.168.0.1", OutboundAddressKind.Private)]
    public void Addresses_are_classified(string address, OutboundAddressKind kind) =>
        Assert.Equal(kind, OutboundAddressPolicy.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("192.168.0.10")]
    [InlineData("169.254.169.254")]
    [InlineData("::1")]
    [InlineData("fd00::5")]
    [InlineData("0.0.0.0")]
    public void Non_public_addresses_are_refused_unless_private_networks_are_allowed(string address)
    {
        Assert.False(new OutboundAddressPolicy(allowPrivateNetworks: false).IsAllowed(IPAddress.Parse(address)));
        Assert.True(new OutboundAddressPolicy(allowPrivateNetworks: true).IsAllowed(IPAddress.Parse(address)));
    }

    [Fact]
    public void Public_addresses_are_allowed() =>
        Assert.True(new OutboundAddressPolicy(allowPrivateNetworks: false).IsAllowed(IPAddress.Parse("1.1.1.1")));
}
