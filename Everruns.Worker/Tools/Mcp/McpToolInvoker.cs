using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;

namespace Everruns.Worker.Tools;

/// <summary>
/// Calls a tool of an MCP server. The request's <c>_meta</c> carries the run and tool call ids, the same when a
/// resumed run repeats a call that was cut off, so a server can recognise a repeat. Every failure (the server down,
/// refused, slow, or answering an error) is an error result for the model; only the run's own cancellation ends a
/// call with an exception.
/// </summary>
/// <remarks>Logs name the server and the tool, never the URL, headers, environment or arguments.</remarks>
public sealed class McpToolInvoker(McpConnector connector, ILogger<McpToolInvoker> logger)
{
    public const string RunIdMeta = "everruns/run_id";
    public const string ToolCallIdMeta = "everruns/tool_call_id";

    public async Task<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        var definition = invocation.Definition;
        if (definition.McpToolName is not { } toolName)
        {
            return ToolResult.Error($"The tool '{definition.Name}' names no tool of its MCP server.");
        }

        var timeout = McpToolCatalog.TimeoutOf(definition);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var client = await connector.ConnectAsync(definition, timeout, deadline.Token);
            var result = await client.CallToolAsync(
                toolName, Arguments(invocation.Call.Arguments), progress: null, new RequestOptions { Meta = Meta(invocation) }, deadline.Token);
            logger.LogDebug("MCP tool {Tool} answered in {Elapsed} ms", definition.Name, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return McpResults.ToToolResult(result);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var error = McpFailures.Describe(ServerName(definition), exception, timeout);
            logger.LogWarning("MCP tool {Tool} failed after {Elapsed} ms: {Error}", definition.Name, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, error);
            return ToolResult.Error(error);
        }
    }

    public static JsonObject Meta(ToolInvocation invocation) => new()
    {
        [RunIdMeta] = invocation.RunId.ToString(),
        [ToolCallIdMeta] = invocation.Call.Id,
    };

    private static string ServerName(Data.Agents.ToolDefinition definition)
    {
        var separator = definition.Name.IndexOf(McpToolNames.Separator, StringComparison.Ordinal);
        return separator > 0 ? definition.Name[..separator] : definition.Name;
    }

    private static Dictionary<string, object?> Arguments(JsonElement arguments) =>
        arguments.ValueKind == JsonValueKind.Object
            ? arguments.EnumerateObject().ToDictionary(property => property.Name, property => (object?)property.Value.Clone())
            : [];
}
