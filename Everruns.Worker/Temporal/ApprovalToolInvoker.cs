using Everruns.Data.Agents;
using Everruns.Worker.Tools;

namespace Everruns.Worker.Temporal;

/// <summary>
/// Applies the approval decisions to the calls of tools that require one: a rejected call answers the model with
/// the rejection, an approved call runs, with the arguments the approver gave when they gave any.
/// </summary>
public sealed class ApprovalToolInvoker(IToolInvoker inner, IReadOnlyList<ToolApproval> approvals) : IToolInvoker
{
    public Task<ToolResult> InvokeAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        if (invocation.Definition.Policy != ToolPolicy.RequiresApproval)
        {
            return inner.InvokeAsync(invocation, cancellationToken);
        }

        var approval = approvals.FirstOrDefault(a => a.ToolCallId == invocation.Call.Id);
        if (approval is null)
        {
            return Task.FromResult(ToolResult.Error($"The call of '{invocation.Definition.Name}' needs an approval and has none."));
        }

        if (approval.Decision == ApprovalDecision.Reject)
        {
            return Task.FromResult(ToolResult.Error(approval.Reason is { Length: > 0 } reason
                ? $"The call was rejected: {reason}"
                : "The call was rejected."));
        }

        var approved = approval.Arguments is { ValueKind: System.Text.Json.JsonValueKind.Object } arguments
            ? invocation with { Call = invocation.Call with { Arguments = arguments } }
            : invocation;
        return inner.InvokeAsync(approved, cancellationToken);
    }
}
