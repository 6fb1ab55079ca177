namespace Everruns.Worker.Tools;

/// <summary>What kind of network an IP address belongs to, as far as outbound tool requests care.</summary>
public enum OutboundAddressKind
{
    Public,
    Loopback,
    LinkLocal,

    /// <summary>RFC 1918, IPv6 unique local (fc00::/7) and the deprecated IPv6 site-local range.</summary>
    Private,

    /// <summary>Carrier-grade NAT space, 100.64.0.0/10.</summary>
    SharedAddressSpace,
    Unspecified,
    Multicast,

    /// <summary>IPv4 240.0.0.0/4, including the broadcast address.</summary>
    Reserved,
}
