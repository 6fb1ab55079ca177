using Microsoft.Extensions.Logging;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Everruns.Worker.Temporal;

/// <summary>
/// One run as a Temporal workflow: the agent loop of <see cref="Execution.AgentLoop"/>, with each step an activity
/// of <see cref="AgentRunActivities"/>. The activities read the run's state from the thread and tell the workflow
/// the next step, so every decision here comes from the history: this class must stay deterministic and do no I/O.
/// </summary>
[Workflow(WorkflowType)]
public sealed class AgentRunWorkflow
{
    public const string WorkflowType = "AgentRun";

    /// <summary>Signal carrying a <see cref="ToolApproval"/>.</summary>
    public const string ApproveSignal = "Approve";

    /// <summary>Query answering the ids of the tool calls the workflow waits to have decided.</summary>
    public const string PendingApprovalsQuery = "PendingApprovals";

    private readonly Dictionary<string, ToolApproval> approvals = [];
    private IReadOnlyList<string> awaiting = [];

    public static string IdFor(Guid runId) => $"run-{runId}";

    [WorkflowRun]
    public async Task<AgentRunResult> RunAsync(AgentRunInput input)
    {
        try
        {
            return await DriveAsync(input.RunId);
        }
        catch (Exception e) when (Workflow.CancellationToken.IsCancellationRequested && TemporalException.IsCanceledException(e))
        {
            // The workflow's token is cancelled now; the closing step runs on its own, uncancellable one.
            await FinishAsync(new FinishInput(input.RunId, FinishKind.Cancelled));
            throw;
        }
    }

    [WorkflowSignal(ApproveSignal)]
    public Task ApproveAsync(ToolApproval approval)
    {
        approvals.TryAdd(approval.ToolCallId, approval);
        return Task.CompletedTask;
    }

    [WorkflowQuery(PendingApprovalsQuery)]
    public IReadOnlyList<string> PendingApprovals() => awaiting;

    private async Task<AgentRunResult> DriveAsync(Guid runId)
    {
        var begun = await BeginAsync(runId);
        if (begun.Claim != RunClaim.Claimed)
        {
            return await LetGoAsync(runId, begun.Claim);
        }

        var step = begun.Next!;
        while (step.Kind is StepKind.CallModel or StepKind.RunTools)
        {
            if (step.Kind == StepKind.RunTools && await AwaitApprovalsAsync(runId, step.ToolCalls) is { } interrupted)
            {
                return interrupted;
            }

            try
            {
                step = step.Kind == StepKind.CallModel
                    ? await CallModelAsync(new ModelCallInput(runId, step.Iteration))
                    : await RunToolsAsync(new ToolCallsInput(runId, step.Iteration, Decisions(step.ToolCalls)), step.ToolCalls);
            }
            catch (ActivityFailureException e) when (!Workflow.CancellationToken.IsCancellationRequested)
            {
                // Only a cancelled workflow cancels the run: an activity that ended otherwise failed.
                return await FailAsync(runId, e);
            }
        }

        if (step.Kind == StepKind.TooManyIterations)
        {
            await FinishAsync(new FinishInput(
                runId, FinishKind.Failed, $"The run reached its limit of {step.Limit} model calls.", RunFailureCodes.MaxIterations));
            return new AgentRunResult(RunOutcomes.Failed);
        }

        await FinishAsync(new FinishInput(runId, FinishKind.Completed));
        return new AgentRunResult(RunOutcomes.Completed);
    }

    /// <summary>Pauses the run until every call that needs an approval has a decision; null when it may go on.</summary>
    private async Task<AgentRunResult?> AwaitApprovalsAsync(Guid runId, IReadOnlyList<PendingToolCall> calls)
    {
        var undecided = calls.Where(call => call.RequiresApproval && !approvals.ContainsKey(call.Id)).ToList();
        if (undecided.Count == 0)
        {
            return null;
        }

        await Workflow.ExecuteActivityAsync(
            (AgentRunActivities activities) => activities.PauseForApprovalAsync(new PauseInput(runId, undecided)),
            ActivityPolicies.Bookkeeping());
        awaiting = [.. undecided.Select(call => call.Id)];
        await Workflow.WaitConditionAsync(() => undecided.All(call => approvals.ContainsKey(call.Id)));
        awaiting = [];

        var resumed = await BeginAsync(runId);
        return resumed.Claim == RunClaim.Claimed ? null : await LetGoAsync(runId, resumed.Claim);
    }

    private async Task<AgentRunResult> LetGoAsync(Guid runId, RunClaim claim)
    {
        if (claim == RunClaim.CancelRequested)
        {
            await FinishAsync(new FinishInput(runId, FinishKind.Cancelled));
            return new AgentRunResult(RunOutcomes.Cancelled);
        }

        return new AgentRunResult(RunOutcomes.NotHeld);
    }

    private async Task<AgentRunResult> FailAsync(Guid runId, ActivityFailureException failure)
    {
        var (message, code) = Describe(failure);
        if (code == RunFailureCodes.RunNotHeld)
        {
            Workflow.Logger.LogWarning("Run {RunId} is no longer held by this workflow; letting go", runId);
            return new AgentRunResult(RunOutcomes.NotHeld);
        }

        Workflow.Logger.LogWarning(failure, "Run {RunId} failed in {Activity}", runId, failure.ActivityType);
        await FinishAsync(new FinishInput(runId, FinishKind.Failed, message, code));
        return new AgentRunResult(RunOutcomes.Failed);
    }

    private static (string Message, string Code) Describe(ActivityFailureException failure) => failure.InnerException switch
    {
        ApplicationFailureException { ErrorType: var code } application when RunFailureCodes.IsPublic(code) => (application.Message, code!),
        ApplicationFailureException { ErrorType: RunFailureCodes.RunNotHeld } application => (application.Message, RunFailureCodes.RunNotHeld),
        TimeoutFailureException => ("A step of the run took too long and was given up.", RunFailureCodes.Timeout),
        _ => ("The run failed unexpectedly. The error has been logged.", RunFailureCodes.Internal),
    };

    private List<ToolApproval> Decisions(IReadOnlyList<PendingToolCall> calls) =>
        [.. calls.Where(call => approvals.ContainsKey(call.Id)).Select(call => approvals[call.Id])];

    private static Task<BeginResult> BeginAsync(Guid runId) =>
        Workflow.ExecuteActivityAsync(
            (AgentRunActivities activities) => activities.BeginRunAsync(new AgentRunInput(runId)),
            ActivityPolicies.Bookkeeping());

    private static Task<AgentStep> CallModelAsync(ModelCallInput input) =>
        Workflow.ExecuteActivityAsync(
            (AgentRunActivities activities) => activities.CallModelAsync(input),
            ActivityPolicies.ModelCall());

    private static Task<AgentStep> RunToolsAsync(ToolCallsInput input, IReadOnlyList<PendingToolCall> calls) =>
        Workflow.ExecuteActivityAsync(
            (AgentRunActivities activities) => activities.RunToolsAsync(input),
            ActivityPolicies.ToolCalls(calls));

    private static Task FinishAsync(FinishInput input) =>
        Workflow.ExecuteActivityAsync(
            (AgentRunActivities activities) => activities.FinishRunAsync(input),
            ActivityPolicies.Bookkeeping());
}
