using System.Reflection;
using Everruns.Data.Agents;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Everruns.Worker.Tools;

/// <summary>
/// Opens MCP sessions to the servers of agents' tool entries: over Streamable HTTP (or the older HTTP+SSE transport,
/// which the SDK falls back to) through the tools' guarded HTTP client, so that the outbound address rules hold; or,
/// where the operator allows it, by starting a stdio server. Each listing and each call has a session of its own, so
/// that nothing ties a run to the process that listed its tools.
/// </summary>
public sealed class McpConnector(ToolsOptions options) : IDisposable
{
    private static readonly Implementation ClientInfo = new()
    {
        Name = "everruns",
        Version = typeof(McpConnector).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0",
    };

    private readonly HttpClient _http = GuardedHttpClient.Create(new OutboundAddressPolicy(options.AllowPrivateNetworks));

    public async Task<McpClient> ConnectAsync(ToolDefinition server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var transport = Transport(server, timeout);
        var clientOptions = new McpClientOptions { ClientInfo = ClientInfo, InitializationTimeout = timeout };

        // The SDK logs at Information on every session; Everruns logs the one line that matters itself.
        return await McpClient.CreateAsync(transport, clientOptions, NullLoggerFactory.Instance, cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private IClientTransport Transport(ToolDefinition server, TimeSpan timeout)
    {
        if (server.Command is { } command)
        {
            if (!options.AllowStdioMcp)
            {
                throw new McpServerRefusedException(
                    $"The MCP server '{server.Name}' is a local program, and local MCP servers are not allowed here (Tools:AllowStdioMcp).");
            }

            // The program gets the basic variables (PATH, HOME, ...) and its own, never the API's secrets.
            var environment = StdioClientTransportOptions.GetDefaultEnvironmentVariables();
            foreach (var (name, value) in server.Env ?? new Dictionary<string, string>())
            {
                environment[name] = value;
            }

            return new StdioClientTransport(new StdioClientTransportOptions
            {
                Name = server.Name,
                Command = command,
                Arguments = [.. server.Args ?? []],
                InheritEnvironmentVariables = false,
                EnvironmentVariables = environment!,
                ShutdownTimeout = TimeSpan.FromSeconds(2),
            }, NullLoggerFactory.Instance);
        }

        if (!Uri.TryCreate(server.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new McpServerRefusedException($"The MCP server '{server.Name}' has no absolute http(s) URL.");
        }

        return new HttpClientTransport(new HttpClientTransportOptions
        {
            Name = server.Name,
            Endpoint = url,
            TransportMode = HttpTransportMode.AutoDetect,
            ConnectionTimeout = timeout,
            AdditionalHeaders = server.Headers?.ToDictionary(),
            EnableStandaloneGetStream = false,
        }, _http, NullLoggerFactory.Instance, ownsHttpClient: false);
    }
}

/// <summary>An MCP server entry that may not be connected to as it is defined.</summary>
public sealed class McpServerRefusedException(string message) : Exception(message);
