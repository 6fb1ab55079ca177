using Everruns.Data.Agents;

namespace Everruns.Worker.Tools;

/// <summary>Runs a tool call by the kind of tool the agent defines.</summary>
public sealed class ToolInvoker(BuiltinTools builtins, WebhookToolInvoker webhooks, McpToolInvoker mcp) : IToolInvoker
{
    public Task<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken) => invocation.Definition.Type switch
    {
        ToolType.Builtin => builtins.InvokeAsync(invocation, cancellationToken),
        ToolType.Webhook => webhooks.InvokeAsync(invocation, cancellationToken),
        ToolType.Mcp => mcp.InvokeAsync(invocation, cancellationToken),
        _ => Task.FromResult(ToolResult.Error($"Tool type '{invocation.Definition.Type}' cannot run here.")),
    };
}
