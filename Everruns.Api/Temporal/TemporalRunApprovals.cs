using Everruns.Worker.Temporal;
using Temporalio.Client;

namespace Everruns.Api.Temporal;

/// <summary>Delivers a tool-call decision to the workflow of a run that waits for it (Temporal mode).</summary>
public sealed class TemporalRunApprovals(ITemporalClient client)
{
    public Task SendAsync(Guid runId, ToolApproval approval, CancellationToken cancellationToken) =>
        client.GetWorkflowHandle<AgentRunWorkflow>(AgentRunWorkflow.IdFor(runId))
            .SignalAsync(workflow => workflow.ApproveAsync(approval), new WorkflowSignalOptions { Rpc = new RpcOptions { CancellationToken = cancellationToken } });
}
