using Everruns.Data.Agents;

namespace Everruns.Api.Contracts;

/// <summary>
/// Credentials in agent definitions are write-only: a tool's <c>secret</c> is never returned, and each header and
/// environment value of an MCP server entry comes back as <see cref="Mask"/>. A definition sent back with a value
/// left out (a secret) or still masked keeps the value stored for that tool and name.
/// </summary>
public static class WriteOnlyValues
{
    public const string Mask = "********";

    public static ToolDefinition Hide(ToolDefinition tool) => tool with
    {
        Secret = null,
        Headers = tool.Type == ToolType.Mcp ? Masked(tool.Headers) : tool.Headers,
        Env = tool.Type == ToolType.Mcp ? Masked(tool.Env) : tool.Env,
    };

    /// <summary>The tool with what it leaves out or masks taken from the stored tool of the same name.</summary>
    public static ToolDefinition Keep(ToolDefinition tool, AgentDefinition stored)
    {
        var before = stored.Tools.FirstOrDefault(t => t.Name == tool.Name);
        return tool with
        {
            Secret = tool.Secret ?? before?.Secret,
            Headers = tool.Type == ToolType.Mcp ? Unmasked(tool.Headers, before?.Headers) : tool.Headers,
            Env = tool.Type == ToolType.Mcp ? Unmasked(tool.Env, before?.Env) : tool.Env,
        };
    }

    /// <summary>Masked values that have no stored value to stand for, as field errors.</summary>
    public static Dictionary<string, string[]> Unresolved(AgentDefinition? definition)
    {
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < (definition?.Tools.Count ?? 0); i++)
        {
            var tool = definition!.Tools[i];
            foreach (var (field, values) in new[] { ("headers", tool.Headers), ("env", tool.Env) })
            {
                foreach (var (name, value) in values ?? new Dictionary<string, string>())
                {
                    if (tool.Type == ToolType.Mcp && value == Mask)
                    {
                        errors[$"definition.tools[{i}].{field}.{name}"] = [$"'{Mask}' stands for a stored value, and this tool has none for '{name}': send the value itself."];
                    }
                }
            }
        }

        return errors;
    }

    private static Dictionary<string, string>? Masked(IReadOnlyDictionary<string, string>? values) =>
        values?.ToDictionary(pair => pair.Key, _ => Mask, StringComparer.Ordinal);

    private static Dictionary<string, string>? Unmasked(IReadOnlyDictionary<string, string>? values, IReadOnlyDictionary<string, string>? stored) =>
        values?.ToDictionary(
            pair => pair.Key,
            pair => pair.Value == Mask && stored is not null && stored.TryGetValue(pair.Key, out var kept) ? kept : pair.Value,
            StringComparer.Ordinal);
}
