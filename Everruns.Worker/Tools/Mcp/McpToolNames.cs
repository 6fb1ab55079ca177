using System.Security.Cryptography;
using System.Text;
using Everruns.Data.Agents;

namespace Everruns.Worker.Tools;

/// <summary>
/// The names under which the tools of an MCP server entry are offered to the model: <c>{entry}__{tool}</c>. An
/// entry's name has no <c>__</c> and does not end with <c>_</c>, and no other tool of the agent may start with
/// <c>{entry}__</c>, so these names cannot collide with each other or with the agent's other tools.
/// </summary>
public static class McpToolNames
{
    public const string Separator = "__";

    /// <summary>The longest tool name model providers accept.</summary>
    public const int MaxLength = 64;

    /// <summary>The longest name of an MCP server entry, so that its tools keep room for their own names.</summary>
    public const int MaxEntryNameLength = 32;

    public static string Prefix(string entryName) => entryName + Separator;

    /// <summary>
    /// The name the model sees for <paramref name="toolName"/> of the entry: characters a provider refuses become
    /// <c>_</c>, and a name too long (or already taken by another of the server's tools) ends with a hash of the original.
    /// </summary>
    public static string Expose(string entryName, string toolName, ISet<string> taken)
    {
        var sanitized = new string([.. toolName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_')]);
        var name = Prefix(entryName) + sanitized;
        if (name.Length > MaxLength || taken.Contains(name))
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(toolName)))[..8];
            name = name[..Math.Min(name.Length, MaxLength - hash.Length - 1)] + "_" + hash;
        }

        taken.Add(name);
        return name;
    }

    /// <summary>The MCP server entry of the agent whose tools' names start like <paramref name="name"/>, if any.</summary>
    public static ToolDefinition? EntryOf(IEnumerable<ToolDefinition> agentTools, string name) =>
        agentTools.FirstOrDefault(tool => tool.Type == ToolType.Mcp && name.StartsWith(Prefix(tool.Name), StringComparison.Ordinal));

    /// <summary>
    /// A tool of an MCP server entry that the run's listing did not show (the server was down then, say), named
    /// <c>{entry}__{tool}</c>: calling it gives the server's own answer, or why it could not be reached. A tool the
    /// entry's allow-list leaves out is not one.
    /// </summary>
    public static ToolDefinition? Unlisted(IReadOnlyList<ToolDefinition> agentTools, string name)
    {
        if (EntryOf(agentTools, name) is not { } entry)
        {
            return null;
        }

        var toolName = name[Prefix(entry.Name).Length..];
        var allowed = entry.Tools is not { Count: > 0 } allowList || allowList.Contains(toolName);
        return allowed && toolName.Length > 0 ? entry with { Name = name, Tools = null, McpToolName = toolName } : null;
    }
}
