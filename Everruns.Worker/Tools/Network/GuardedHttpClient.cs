using System.Net;
using System.Net.Sockets;

namespace Everruns.Worker.Tools;

/// <summary>
/// Creates the HTTP clients tools use. The address check runs when a connection is opened, on the addresses
/// DNS returned, so a host name that resolves (or later re-resolves) to a refused address cannot get through.
/// </summary>
/// <remarks>
/// These clients are built here instead of through <c>IHttpClientFactory</c>, whose defaults in this
/// application add a standard resilience handler: tools need their own retries and timeouts.
/// </remarks>
public static class GuardedHttpClient
{
    public static HttpClient Create(OutboundAddressPolicy policy, bool decompress = false)
    {
        var handler = new SocketsHttpHandler
        {
            // A proxy would be checked instead of the real destination.
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = decompress ? DecompressionMethods.All : DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = (context, cancellationToken) => ConnectAsync(policy, context.DnsEndPoint, cancellationToken),
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static async ValueTask<Stream> ConnectAsync(OutboundAddressPolicy policy, DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var host = endPoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);

        // Only the allowed addresses are tried, so a name that resolves to a mix cannot be steered to a refused one.
        var allowed = addresses.Where(policy.IsAllowed).ToArray();
        if (allowed.Length == 0)
        {
            var refused = addresses.FirstOrDefault() ?? throw new SocketException((int)SocketError.HostNotFound);
            throw new OutboundAddressRefusedException(host, refused, OutboundAddressPolicy.Classify(refused));
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
