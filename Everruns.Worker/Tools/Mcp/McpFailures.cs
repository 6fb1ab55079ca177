using System.Net.Sockets;
using ModelContextProtocol;

namespace Everruns.Worker.Tools;

/// <summary>What went wrong with an MCP server, said for the model and for the person reading the agent's tools.</summary>
public static class McpFailures
{
    public static string Describe(string server, Exception exception, TimeSpan timeout)
    {
        if (OutboundAddressRefusedException.FindIn(exception) is { } refused)
        {
            return refused.Message;
        }

        return exception switch
        {
            McpServerRefusedException refusedEntry => refusedEntry.Message,
            HttpRequestException { StatusCode: { } status } => $"The MCP server '{server}' answered {(int)status} {status}.",
            HttpRequestException or IOException or SocketException => $"The MCP server '{server}' could not be reached: {exception.Message}",
            TimeoutException or OperationCanceledException => $"The MCP server '{server}' did not answer within {timeout.TotalSeconds:0} seconds.",
            McpProtocolException protocol => $"The MCP server '{server}' answered with an error ({(int)protocol.ErrorCode}): {protocol.Message}",
            McpException mcp => $"The MCP server '{server}' failed: {mcp.Message}",
            _ => $"The MCP server '{server}' could not be used: {exception.Message}",
        };
    }
}
