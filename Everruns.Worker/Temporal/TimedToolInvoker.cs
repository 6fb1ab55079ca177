using Everruns.Worker.Tools;

namespace Everruns.Worker.Temporal;

/// <summary>Holds every tool call to its <see cref="ToolBudget"/>: a tool that overruns it answers with an error result.</summary>
public sealed class TimedToolInvoker(IToolInvoker inner) : IToolInvoker
{
    public async Task<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        var budget = ToolBudget.For(invocation.Definition);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(budget);
        try
        {
            return await inner.InvokeAsync(invocation, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ToolResult.Error($"The tool '{invocation.Definition.Name}' did not answer within {budget.TotalSeconds:0} seconds.");
        }
    }
}
