using System.Net;
using System.Net.Sockets;

namespace Everruns.Hosting.Processes;

internal static class FreePort
{
    /// <summary>A TCP port on the loopback interface that nothing listens on right now.</summary>
    public static int Find()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Whether something already listens on <paramref name="port"/> on either loopback address.</summary>
    public static bool IsInUse(int port) =>
        IsInUse(IPAddress.Loopback, port) || (Socket.OSSupportsIPv6 && IsInUse(IPAddress.IPv6Loopback, port));

    private static bool IsInUse(IPAddress address, int port)
    {
        try
        {
            using var listener = new TcpListener(address, port);
            listener.Start();
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
        catch (SocketException)
        {
            // The address itself is unavailable (e.g. IPv6 disabled): nothing can be listening there.
            return false;
        }
    }
}
