using System.Net;
using System.Net.Sockets;

namespace Everruns.Worker.Tools;

/// <summary>
/// Decides which IP addresses tools may connect to. Everything but public addresses is refused unless
/// <see cref="ToolsOptions.AllowPrivateNetworks"/> is set.
/// </summary>
public sealed class OutboundAddressPolicy(bool allowPrivateNetworks)
{
    public const string SettingName = "Tools:AllowPrivateNetworks";

    public bool AllowPrivateNetworks => allowPrivateNetworks;

    public bool IsAllowed(IPAddress address) => allowPrivateNetworks || Classify(address) == OutboundAddressKind.Public;

    public static OutboundAddressKind Classify(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return ClassifyIPv4(address.MapToIPv4());
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => ClassifyIPv4(address),
            AddressFamily.InterNetworkV6 => ClassifyIPv6(address),
            _ => OutboundAddressKind.Reserved,
        };
    }

    private static OutboundAddressKind ClassifyIPv4(IPAddress address)
    {
        Span<byte> b = stackalloc byte[4];
        address.TryWriteBytes(b, out _);
        return b switch
        {
            [0, ..] => OutboundAddressKind.Unspecified,
            [127, ..] => OutboundAddressKind.Loopback,
            [10, ..] => OutboundAddressKind.Private,
            [172, >= 16 and <= 31, ..] => OutboundAddressKind.Private,
            [192, 168, ..] => OutboundAddressKind.Private,
            [100, >= 64 and <= 127, ..] => OutboundAddressKind.SharedAddressSpace,
            [169, 254, ..] => OutboundAddressKind.LinkLocal,
            [>= 224 and <= 239, ..] => OutboundAddressKind.Multicast,
            [>= 240, ..] => OutboundAddressKind.Reserved,
            _ => OutboundAddressKind.Public,
        };
    }

    private static OutboundAddressKind ClassifyIPv6(IPAddress address)
    {
        if (address.Equals(IPAddress.IPv6Any))
        {
            return OutboundAddressKind.Unspecified;
        }

        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return OutboundAddressKind.Loopback;
        }

        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);

        // Addresses that carry an IPv4 address (IPv4-compatible ::a.b.c.d and NAT64 64:ff9b::a.b.c.d) reach that IPv4 address.
        if (b[..12].IndexOfAnyExcept((byte)0) < 0 || b[..12].SequenceEqual(Nat64Prefix))
        {
            return ClassifyIPv4(new IPAddress(b[12..]));
        }

        return b switch
        {
            [0xff, ..] => OutboundAddressKind.Multicast,
            [0xfe, >= 0x80 and <= 0xbf, ..] => OutboundAddressKind.LinkLocal,
            [0xfe, >= 0xc0, ..] => OutboundAddressKind.Private,
            [>= 0xfc and <= 0xfd, ..] => OutboundAddressKind.Private,
            _ => OutboundAddressKind.Public,
        };
    }

    private static ReadOnlySpan<byte> Nat64Prefix => [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];
}
