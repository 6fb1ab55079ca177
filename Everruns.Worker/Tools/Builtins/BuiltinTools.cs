using System.Collections.Frozen;
using Everruns.Data.Agents;

namespace Everruns.Worker.Tools;

/// <summary>Tools that run inside Everruns, named by <c>type: builtin</c> and their name.</summary>
public sealed class BuiltinTools(CurrentTimeTool currentTime, HttpFetchTool httpFetch)
{
    /// <summary>Every built-in tool by name, so agent definitions can be checked and completed.</summary>
    public static readonly FrozenDictionary<string, BuiltinToolDescriptor> Catalog =
        new[] { CurrentTimeTool.Descriptor, HttpFetchTool.Descriptor }.ToFrozenDictionary(tool => tool.Name, StringComparer.Ordinal);

    public static IReadOnlyList<string> Names => Catalog.Keys;

    /// <summary>
    /// The definition with the catalog's description and parameters filled in where a built-in tool leaves them
    /// out. Other tools, and names not in the catalog, come back unchanged.
    /// </summary>
    public static ToolDefinition WithCatalogDefaults(ToolDefinition definition) =>
        definition.Type == ToolType.Builtin && Catalog.TryGetValue(definition.Name, out var builtin)
            ? definition with
            {
                Description = string.IsNullOrWhiteSpace(definition.Description) ? builtin.Description : definition.Description,
                Parameters = definition.Parameters ?? builtin.Parameters,
            }
            : definition;

    public async Task<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken) =>
        invocation.Definition.Name switch
        {
            "current_time" => currentTime.Invoke(),
            "http_fetch" => await httpFetch.InvokeAsync(invocation.Call.Arguments, cancellationToken),
            var name => ToolResult.Error($"There is no built-in tool named '{name}'."),
        };
}
