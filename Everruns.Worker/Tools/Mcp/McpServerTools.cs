using Everruns.Data.Agents;

namespace Everruns.Worker.Tools;

/// <summary>
/// What one MCP server entry of an agent offers: its tools as the model sees them (named by
/// <see cref="McpToolNames"/>, each with <see cref="ToolDefinition.McpToolName"/> set), or why it offers none now.
/// </summary>
public sealed record McpServerTools(ToolDefinition Server, IReadOnlyList<ToolDefinition> Tools, string? Error)
{
    /// <summary>Names of the entry's allow-list that the server does not have.</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];
}
