using Everruns.Worker.Temporal;

namespace Everruns.Api.Temporal;

/// <summary>In Temporal mode an answered approval is also a signal to the run's workflow, which waits for it.</summary>
public static class ApprovalSignals
{
    public static Task SendIfTemporalAsync(
        IServiceProvider services, Guid runId, string toolCallId, Data.Approvals.ApprovalDecision decision, string? argumentsJson, string? reason,
        CancellationToken cancellationToken)
    {
        if (services.GetService<TemporalRunApprovals>() is not { } temporal)
        {
            return Task.CompletedTask;
        }

        var arguments = argumentsJson is null ? (System.Text.Json.JsonElement?)null : System.Text.Json.JsonDocument.Parse(argumentsJson).RootElement.Clone();
        var signal = new ToolApproval(
            toolCallId,
            decision == Data.Approvals.ApprovalDecision.Approve ? Worker.Temporal.ApprovalDecision.Approve : Worker.Temporal.ApprovalDecision.Reject,
            arguments,
            reason);
        return temporal.SendAsync(runId, signal, cancellationToken);
    }
}
