using Everruns.Data.Approvals;
using Everruns.Data.Runs;
using Everruns.Worker.Runners;
using Everruns.Worker.Temporal;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Everruns.Api.Temporal;

/// <summary>
/// Runs execute on Temporal: a run is workflow <c>run-{runId}</c> on the task queue, a cancel is the workflow's
/// cancellation, and a run whose approvals are decided is told so by the workflow's <c>Resume</c> signal. When
/// Temporal cannot be reached, the call still succeeds for what the database holds, and
/// <see cref="TemporalRunSweep"/> tells Temporal later; starting, cancelling and signalling twice is harmless.
/// </summary>
public sealed class TemporalRunExecution(
    ITemporalClient client,
    RunStore runs,
    ToolApprovalStore approvals,
    TemporalOptions temporal,
    ILogger<TemporalRunExecution> logger) : IRunExecution
{
    public async Task<RunCreation> StartAsync(NewRun run, CancellationToken cancellationToken)
    {
        var creation = await runs.CreateAsync(run, claim: null, cancellationToken);
        if (creation is RunCreation.Created created)
        {
            await StartWorkflowAsync(created.Run.Id, cancellationToken);
        }

        return creation;
    }

    public async Task<RunCancellation> CancelAsync(Guid runId, CancellationToken cancellationToken)
    {
        var cancellation = await runs.RequestCancelAsync(runId, cancellationToken);
        if (cancellation is RunCancellation.Done)
        {
            await CancelWorkflowAsync(runId, cancellationToken);
        }

        return cancellation;
    }

    public async Task ApprovalAnsweredAsync(Guid runId, CancellationToken cancellationToken)
    {
        if (!await approvals.HasPendingAsync(runId, cancellationToken))
        {
            await ResumeWorkflowAsync(runId, cancellationToken);
        }
    }

    /// <summary>Starts the run's workflow; false when Temporal could not be asked (the sweep tries again).</summary>
    public Task<bool> StartWorkflowAsync(Guid runId, CancellationToken cancellationToken) =>
        TellAsync(runId, "start", cancellationToken, () => client.StartWorkflowAsync(
            (AgentRunWorkflow workflow) => workflow.RunAsync(new AgentRunInput(runId)),
            new WorkflowOptions(AgentRunWorkflow.IdFor(runId), temporal.TaskQueue)
            {
                // A workflow that failed or was terminated without ending its run may be started again.
                IdReusePolicy = WorkflowIdReusePolicy.AllowDuplicateFailedOnly,
                IdConflictPolicy = WorkflowIdConflictPolicy.Fail,
                Rpc = new RpcOptions { CancellationToken = cancellationToken },
            }));

    /// <summary>Cancels the run's workflow, which ends the run cancelled.</summary>
    public Task<bool> CancelWorkflowAsync(Guid runId, CancellationToken cancellationToken) =>
        TellAsync(runId, "cancel", cancellationToken, () => client.GetWorkflowHandle(AgentRunWorkflow.IdFor(runId))
            .CancelAsync(new WorkflowCancelOptions { Rpc = new RpcOptions { CancellationToken = cancellationToken } }));

    /// <summary>Tells the run's workflow that the approvals it waited for are decided.</summary>
    public Task<bool> ResumeWorkflowAsync(Guid runId, CancellationToken cancellationToken) =>
        TellAsync(runId, "resume", cancellationToken, () => client.GetWorkflowHandle<AgentRunWorkflow>(AgentRunWorkflow.IdFor(runId))
            .SignalAsync(workflow => workflow.ResumeAsync(), new WorkflowSignalOptions { Rpc = new RpcOptions { CancellationToken = cancellationToken } }));

    private async Task<bool> TellAsync(Guid runId, string what, CancellationToken cancellationToken, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (WorkflowAlreadyStartedException)
        {
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            // No workflow (any more): there is nothing to cancel or resume.
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not {What} the workflow of run {RunId}; the sweep tries again", what, runId);
            return false;
        }

        return true;
    }
}
