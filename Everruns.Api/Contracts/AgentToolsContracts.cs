using System.Text.Json;
using Everruns.Data.Agents;
using Everruns.Worker.Tools;

namespace Everruns.Api.Contracts;

/// <summary>The tools an agent's model is offered now, and how each of its MCP servers answered.</summary>
public sealed record AgentToolsResponse(IReadOnlyList<ResolvedToolResponse> Tools, IReadOnlyList<McpServerStatus> McpServers)
{
    public static AgentToolsResponse From(ResolvedTools resolved) => new(
        [.. resolved.Tools.Select(ResolvedToolResponse.From)],
        [.. resolved.Servers.Select(McpServerStatus.From)]);
}

/// <param name="McpServer">For a tool of an MCP server: the name of the agent's entry for that server.</param>
/// <param name="McpTool">For a tool of an MCP server: its name on the server.</param>
public sealed record ResolvedToolResponse(
    string Name, ToolType Type, string? Description, JsonElement? Parameters, ToolPolicy Policy, string? McpServer = null, string? McpTool = null)
{
    public static ResolvedToolResponse From(ToolDefinition tool) => new(
        tool.Name,
        tool.Type,
        tool.Description,
        tool.Parameters,
        tool.Policy,
        tool.McpToolName is null ? null : tool.Name[..tool.Name.IndexOf(McpToolNames.Separator, StringComparison.Ordinal)],
        tool.McpToolName);
}

/// <param name="Transport"><c>http</c> (Streamable HTTP, or HTTP+SSE) or <c>stdio</c>.</param>
/// <param name="Status"><c>available</c>, or <c>unavailable</c> with the <paramref name="Error"/>.</param>
/// <param name="MissingTools">Names of the entry's <c>tools</c> allow-list that the server does not offer.</param>
public sealed record McpServerStatus(string Name, string Transport, string Status, int ToolCount, string? Error = null, IReadOnlyList<string>? MissingTools = null)
{
    public static McpServerStatus From(McpServerTools server) => new(
        server.Server.Name,
        server.Server.Command is null ? "http" : "stdio",
        server.Error is null ? "available" : "unavailable",
        server.Tools.Count,
        server.Error,
        server.Missing.Count > 0 ? server.Missing : null);
}
