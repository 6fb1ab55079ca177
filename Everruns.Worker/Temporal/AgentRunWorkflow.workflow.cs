using Everruns.Worker.Execution;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Everruns.Worker.Temporal;

/// <summary>
/// One run as a Temporal workflow. It only orchestrates: each step <see cref="RunEngine"/> decides is taken by an
/// activity of <see cref="AgentRunActivities"/>, which answers the step after it; a run that waits for approvals
/// waits here for the <c>Resume</c> signal; how the run ends is written by the engine in <c>FinishRun</c>. Every
/// decision comes from the history: this class must stay deterministic and do no I/O.
/// </summary>
[Workflow(WorkflowType)]
public sealed class AgentRunWorkflow
{
    public const string WorkflowType = "AgentRun";

    /// <summary>Signal without payload: none of the approvals the run waited for is pending any more.</summary>
    public const string ResumeSignal = "Resume";

    private int resumes;
    private int resumesSeen;

    public static string IdFor(Guid runId) => $"run-{runId}";

    [WorkflowRun]
    public async Task<AgentRunResult> RunAsync(AgentRunInput input)
    {
        var runId = input.RunId;
        try
        {
            var step = (await BeginAsync(runId)).Next;
            while (step is not null)
            {
                if (step.Concludes)
                {
                    return await FinishAsync(new FinishInput(runId, FinishKind.Concluded, step));
                }

                step = step switch
                {
                    NextStep.CallModel => await Workflow.ExecuteActivityAsync(
                        (AgentRunActivities activities) => activities.CallModelAsync(new StepInput(runId, step)), ActivityPolicies.ModelCall()),
                    NextStep.RunTools tools => await Workflow.ExecuteActivityAsync(
                        (AgentRunActivities activities) => activities.RunToolsAsync(new StepInput(runId, step)), ActivityPolicies.ToolCalls(tools)),
                    NextStep.AwaitApproval => await PauseAsync(runId, step),
                    _ => throw new InvalidOperationException($"Unknown step {step}."),
                };
            }

            return new AgentRunResult(RunOutcomes.NotHeld);
        }
        catch (ActivityFailureException e) when (!Workflow.CancellationToken.IsCancellationRequested)
        {
            // Only a cancelled workflow cancels the run: an activity that ended otherwise failed.
            return await FinishAsync(new FinishInput(runId, FinishKind.Failed, Failure: FailureOf(e)));
        }
        catch (Exception e) when (Workflow.CancellationToken.IsCancellationRequested && TemporalException.IsCanceledException(e))
        {
            // The workflow's token is cancelled now; the closing step runs on its own, uncancellable one.
            await FinishAsync(new FinishInput(runId, FinishKind.Cancelled));
            throw;
        }
    }

    [WorkflowSignal(ResumeSignal)]
    public Task ResumeAsync()
    {
        resumes++;
        return Task.CompletedTask;
    }

    /// <summary>Ends the turn waiting, then waits until the run may go on; the step after it, or null when it ended.</summary>
    private async Task<NextStep?> PauseAsync(Guid runId, NextStep step)
    {
        await Workflow.ExecuteActivityAsync(
            (AgentRunActivities activities) => activities.PauseForApprovalAsync(new StepInput(runId, step)), ActivityPolicies.Bookkeeping());
        while (true)
        {
            await Workflow.WaitConditionAsync(() => resumes > resumesSeen);
            resumesSeen = resumes;
            var begun = await BeginAsync(runId);
            if (begun.Claim != RunClaim.Waiting)
            {
                return begun.Next;
            }
        }
    }

    private static StepFailure FailureOf(ActivityFailureException failure) => failure.InnerException switch
    {
        ApplicationFailureException application => new StepFailure(application.ErrorType, application.Message),
        TimeoutFailureException => new StepFailure(null, null, TimedOut: true),
        _ => new StepFailure(null, null),
    };

    private static Task<BeginResult> BeginAsync(Guid runId) =>
        Workflow.ExecuteActivityAsync(
            (AgentRunActivities activities) => activities.BeginRunAsync(new AgentRunInput(runId)), ActivityPolicies.Bookkeeping());

    private static async Task<AgentRunResult> FinishAsync(FinishInput input) =>
        new(await Workflow.ExecuteActivityAsync(
            (AgentRunActivities activities) => activities.FinishRunAsync(input), ActivityPolicies.Bookkeeping()));
}
