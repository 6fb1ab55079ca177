using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Everruns.Tests.Infrastructure;

/// <summary>
/// Forwards a loopback port to a server. <see cref="Cut"/> closes every forwarded connection and refuses new ones,
/// as a server that went away does; <see cref="Restore"/> listens on the same port again.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly string targetHost;
    private readonly int targetPort;
    private readonly ConcurrentDictionary<Socket, byte> open = new();
    private TcpListener? listener;
    private Task accepting = Task.CompletedTask;

    private TcpProxy(string targetHost, int targetPort)
    {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    public int Port { get; private set; }

    public static TcpProxy Start(string targetHost, int targetPort)
    {
        var proxy = new TcpProxy(targetHost, targetPort);
        proxy.Listen(0);
        return proxy;
    }

    public async Task CutAsync()
    {
        listener?.Stop();
        listener = null;
        await accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var socket in open.Keys)
        {
            Close(socket);
        }
    }

    public void Restore() => Listen(Port);

    public async ValueTask DisposeAsync() => await CutAsync();

    private void Listen(int port)
    {
        var started = new TcpListener(IPAddress.Loopback, port);
        started.Start();
        Port = ((IPEndPoint)started.LocalEndpoint).Port;
        listener = started;
        accepting = AcceptAsync(started);
    }

    private async Task AcceptAsync(TcpListener from)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await from.AcceptSocketAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
        open[client] = 0;
        open[server] = 0;
        try
        {
            await server.ConnectAsync(targetHost, targetPort);
            await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
        }
        finally
        {
            Close(client);
            Close(server);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    private void Close(Socket socket)
    {
        open.TryRemove(socket, out _);
        socket.Dispose();
    }
}
