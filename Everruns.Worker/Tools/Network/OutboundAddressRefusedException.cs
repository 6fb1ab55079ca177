using System.Net;

namespace Everruns.Worker.Tools;

/// <summary>Thrown when connecting to a host whose addresses the <see cref="OutboundAddressPolicy"/> refuses.</summary>
public sealed class OutboundAddressRefusedException(string host, IPAddress address, OutboundAddressKind kind)
    : Exception(Describe(host, address, kind))
{
    public string Host => host;

    public IPAddress Address => address;

    public OutboundAddressKind Kind => kind;

    private static string Describe(string host, IPAddress address, OutboundAddressKind kind)
    {
        var target = host == address.ToString() ? $"{address}" : $"'{host}' ({address})";
        var described = Describe(kind);
        var article = "aeiou".Contains(described[0]) ? "an" : "a";
        return $"Refused to connect to {target}: it is {article} {described} address. Tools may not reach loopback, link-local, "
            + $"private, unspecified or multicast addresses unless the setting {OutboundAddressPolicy.SettingName} is true.";
    }

    private static string Describe(OutboundAddressKind kind) => kind switch
    {
        OutboundAddressKind.LinkLocal => "link-local",
        OutboundAddressKind.SharedAddressSpace => "shared (carrier-grade NAT)",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Finds the refusal inside the exceptions <see cref="HttpClient"/> wraps it in.</summary>
    public static OutboundAddressRefusedException? FindIn(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is OutboundAddressRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }
}
