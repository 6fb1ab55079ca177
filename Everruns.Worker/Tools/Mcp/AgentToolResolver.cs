using Everruns.Data.Agents;
using Everruns.Worker.Execution;

namespace Everruns.Worker.Tools;

/// <summary>An agent's tools as its model sees them: each MCP server entry replaced by the tools it offers now.</summary>
public sealed record ResolvedTools(IReadOnlyList<ToolDefinition> Tools, IReadOnlyList<McpServerTools> Servers);

/// <summary>Resolves the tools of agents, listing their MCP servers (in parallel, kept per agent version).</summary>
public sealed class AgentToolResolver(McpToolCatalog catalog)
{
    public static bool HasMcpServers(Agent agent) => agent.Definition.Tools.Any(tool => tool.Type == ToolType.Mcp);

    public async Task<ResolvedTools> ResolveAsync(Agent agent, bool refresh, CancellationToken cancellationToken)
    {
        var entries = agent.Definition.Tools.Where(tool => tool.Type == ToolType.Mcp).ToList();
        if (entries.Count == 0)
        {
            return new ResolvedTools(agent.Definition.Tools, []);
        }

        var servers = await Task.WhenAll(entries.Select(entry => catalog.ListAsync(agent, entry, refresh, cancellationToken)));
        var byName = servers.ToDictionary(server => server.Server.Name, StringComparer.Ordinal);
        var tools = agent.Definition.Tools.SelectMany(tool => tool.Type == ToolType.Mcp ? byName[tool.Name].Tools : [tool]).ToList();
        return new ResolvedTools(tools, servers);
    }

    /// <summary>The turn with its agent's tools resolved; the same turn when the agent has no MCP server.</summary>
    public async Task<RunTurn> ResolveAsync(RunTurn turn, CancellationToken cancellationToken) =>
        HasMcpServers(turn.Agent) ? turn with { AgentTools = (await ResolveAsync(turn.Agent, refresh: false, cancellationToken)).Tools } : turn;
}
