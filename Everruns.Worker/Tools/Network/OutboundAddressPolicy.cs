using System.Net;
using System.Net.Sockets;

namespace Everruns.Worker.Tools;

/// <summary>
/// Decides which IP addresses tools may connect to. Everything but public addresses is refused unless
/// <see cref="ToolsOptions.AllowPrivateNetworks"/> is set. An IPv6 address that carries an IPv4 address (mapped,
/// translated, compatible, 6to4, NAT64, Teredo, ISATAP) counts as that IPv4 address, because that is where the
/// packets can end up.
/// </summary>
public sealed class OutboundAddressPolicy(bool allowPrivateNetworks)
{
    public const string SettingName = "Tools:AllowPrivateNetworks";

    public bool AllowPrivateNetworks => allowPrivateNetworks;

    public bool IsAllowed(IPAddress address) => allowPrivateNetworks || Classify(address) == OutboundAddressKind.Public;

    public static OutboundAddressKind Classify(IPAddress address) => address.AddressFamily switch
    {
        AddressFamily.InterNetwork => ClassifyIPv4(Bytes(address, 4)),
        AddressFamily.InterNetworkV6 => ClassifyIPv6(Bytes(address, 16)),
        _ => OutboundAddressKind.Reserved,
    };

    private static byte[] Bytes(IPAddress address, int length)
    {
        var bytes = new byte[length];
        address.TryWriteBytes(bytes, out _);
        return bytes;
    }

    private static OutboundAddressKind ClassifyIPv4(ReadOnlySpan<byte> b) => b switch
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

    private static OutboundAddressKind ClassifyIPv6(ReadOnlySpan<byte> b)
    {
        if (b.IndexOfAnyExcept((byte)0) < 0)
        {
            return OutboundAddressKind.Unspecified;
        }

        if (b[..15].IndexOfAnyExcept((byte)0) < 0 && b[15] == 1)
        {
            return OutboundAddressKind.Loopback;
        }

        // ::a.b.c.d (IPv4-compatible), ::ffff:a.b.c.d (IPv4-mapped), ::ffff:0:a.b.c.d (IPv4-translated) and
        // 64:ff9b::a.b.c.d (NAT64, well-known prefix) hold the IPv4 address in their last four bytes.
        if (b[..10].IndexOfAnyExcept((byte)0) < 0 && (b[10..12] is [0, 0] or [0xff, 0xff]))
        {
            return ClassifyIPv4(b[12..]);
        }

        if (b[..8].IndexOfAnyExcept((byte)0) < 0 && b[8..12] is [0xff, 0xff, 0, 0])
        {
            return ClassifyIPv4(b[12..]);
        }

        if (b[..12].SequenceEqual(Nat64WellKnownPrefix))
        {
            return ClassifyIPv4(b[12..]);
        }

        // 64:ff9b:1::/48 is for NAT64 inside one network: whatever it translates to is not on the public internet.
        if (b[..6].SequenceEqual(Nat64LocalPrefix))
        {
            return OutboundAddressKind.Private;
        }

        // 6to4, 2002:AABB:CCDD::/48, tunnels to the IPv4 address AA.BB.CC.DD.
        if (b is [0x20, 0x02, ..])
        {
            return ClassifyIPv4(b[2..6]);
        }

        // Teredo, 2001:0::/32: the server's IPv4 address, then the client's, stored inverted in the last four bytes.
        if (b is [0x20, 0x01, 0, 0, ..])
        {
            Span<byte> client = [(byte)~b[12], (byte)~b[13], (byte)~b[14], (byte)~b[15]];
            var clientKind = ClassifyIPv4(client);
            return clientKind != OutboundAddressKind.Public ? clientKind : ClassifyIPv4(b[4..8]);
        }

        var kind = b switch
        {
            [0xff, ..] => OutboundAddressKind.Multicast,
            [0xfe, >= 0x80 and <= 0xbf, ..] => OutboundAddressKind.LinkLocal,
            [0xfe, >= 0xc0, ..] => OutboundAddressKind.Private,
            [>= 0xfc and <= 0xfd, ..] => OutboundAddressKind.Private,
            _ => OutboundAddressKind.Public,
        };

        // ISATAP interface identifiers (::0:5efe:a.b.c.d and ::200:5efe:a.b.c.d) name an IPv4 host behind the router.
        if (kind == OutboundAddressKind.Public && b[8..12] is [0 or 2, 0, 0x5e, 0xfe])
        {
            return ClassifyIPv4(b[12..]);
        }

        return kind;
    }

    private static ReadOnlySpan<byte> Nat64WellKnownPrefix => [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];

    private static ReadOnlySpan<byte> Nat64LocalPrefix => [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01];
}
