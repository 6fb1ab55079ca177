using Everruns.Data.Runs;
using Everruns.Worker.Execution;
using Microsoft.Extensions.Logging;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace Everruns.Worker.Temporal;

/// <summary>
/// The steps of a run as Temporal activities: each takes the run as the workflow's owner, reopens it with
/// <see cref="RunEngine.BeginAsync"/> (closing whatever a worker that died mid-step left open), takes the step the
/// engine reads from the thread, stores its events, and answers the step after it. The thread is the checkpoint: a
/// retried activity whose step was taken already does not take it again.
/// </summary>
public sealed class AgentRunActivities(
    RunQueue queue,
    RunEngine engine,
    RunEvents events,
    TemporalOptions temporal,
    ILogger<AgentRunActivities> logger)
{
    /// <summary>Takes the run (a new one, or one whose approvals are decided) and tells its first step.</summary>
    [Activity(ActivityNames.BeginRun)]
    public async Task<BeginResult> BeginRunAsync(AgentRunInput input)
    {
        var token = ActivityExecutionContext.Current.CancellationToken;
        var owner = WorkflowRunOwner.For(input.RunId);
        var acquisition = await queue.AcquireForWorkflowAsync(input.RunId, owner, token);
        if (!acquisition.Acquired)
        {
            return new BeginResult(acquisition.Run is { Status: RunStatus.Waiting } ? RunClaim.Waiting : RunClaim.Ended);
        }

        var run = acquisition.Run!;
        return await WithRunAsync(run, token, async () =>
        {
            if (run.CancelRequested)
            {
                await engine.CancelAsync(run, owner);
                return new BeginResult(RunClaim.Ended);
            }

            var turn = await engine.BeginAsync(run, owner, token);
            return new BeginResult(RunClaim.Claimed, engine.Next(turn));
        });
    }

    /// <summary>Calls the model once, streaming its answer as events; heartbeats throughout.</summary>
    [Activity(ActivityNames.CallModel)]
    public Task<NextStep> CallModelAsync(StepInput input) => StepAsync(input);

    /// <summary>Runs the pending tool calls of the last answer; heartbeats throughout.</summary>
    [Activity(ActivityNames.RunTools)]
    public Task<NextStep> RunToolsAsync(StepInput input) => StepAsync(input);

    /// <summary>
    /// Records the calls that need approval and ends the turn waiting, with an interrupt per call: nobody holds the
    /// run until its approvals are decided and the workflow begins it again.
    /// </summary>
    [Activity(ActivityNames.PauseForApproval)]
    public async Task PauseForApprovalAsync(StepInput input)
    {
        var token = ActivityExecutionContext.Current.CancellationToken;
        var owner = WorkflowRunOwner.For(input.RunId);
        var acquisition = await queue.AcquireForWorkflowAsync(input.RunId, owner, token);
        if (!acquisition.Acquired)
        {
            // A retry: the run waits already (or has ended).
            return;
        }

        var run = acquisition.Run!;
        await WithRunAsync(run, token, async () =>
        {
            var turn = await engine.BeginAsync(run, owner, token);
            if (IsSameStep(engine.Next(turn), input.Step))
            {
                await engine.TakeAsync(turn, input.Step, token);
            }

            return true;
        });
    }

    /// <summary>
    /// Writes how the run ends: the end step the engine decided, a cancellation, or a failure of a step. Does nothing
    /// to a run that has ended or that someone else holds. Answers the outcome (see <see cref="RunOutcomes"/>).
    /// </summary>
    [Activity(ActivityNames.FinishRun)]
    public async Task<string> FinishRunAsync(FinishInput input)
    {
        var token = ActivityExecutionContext.Current.CancellationToken;
        var owner = WorkflowRunOwner.For(input.RunId);
        var acquisition = await queue.AcquireForWorkflowAsync(input.RunId, owner, token);
        if (!acquisition.Acquired)
        {
            return RunOutcomes.NotHeld;
        }

        var run = acquisition.Run!;
        return await WithRunAsync(run, token, async () =>
        {
            switch (input.Kind)
            {
                case FinishKind.Concluded when input.Step is { Concludes: true }:
                    var turn = await engine.BeginAsync(run, owner, token);
                    await engine.TakeAsync(turn, input.Step, token);
                    return input.Step is NextStep.Finish ? RunOutcomes.Completed : RunOutcomes.Failed;
                case FinishKind.Cancelled:
                    await engine.CancelAsync(run, owner);
                    return RunOutcomes.Cancelled;
                default:
                    await engine.FailAsync(run, owner, ActivityFailures.Describe(input.Failure));
                    return RunOutcomes.Failed;
            }
        });
    }

    /// <summary>A model or tool step: heartbeats throughout, and answers the step after it.</summary>
    private async Task<NextStep> StepAsync(StepInput input)
    {
        var context = ActivityExecutionContext.Current;
        var token = context.CancellationToken;
        var owner = WorkflowRunOwner.For(input.RunId);
        await using var heartbeat = ActivityHeartbeat.Start(context, temporal.HeartbeatInterval);
        var acquisition = await queue.AcquireForWorkflowAsync(input.RunId, owner, token);
        var run = acquisition.Acquired ? acquisition.Run! : throw ActivityFailures.NotHeld(input.RunId);
        try
        {
            return await WithRunAsync(run, token, async () =>
            {
                var turn = await engine.BeginAsync(run, owner, token);
                if (IsSameStep(engine.Next(turn), input.Step))
                {
                    turn = await engine.TakeAsync(turn, input.Step, token) ?? turn;
                }

                return engine.Next(turn);
            });
        }
        catch (OperationCanceledException) when (context.CancelReason == ActivityCancelReason.WorkerShutdown)
        {
            // Not a cancellation of the run: the step is given to another worker.
            throw new ApplicationFailureException("The worker shut down during the step.", "worker_shutdown");
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a run this activity holds, stores its events before answering, and turns what
    /// it throws into what Temporal should do about it. Cancelled or failed, what the step closed on its way out is
    /// stored too.
    /// </summary>
    private async Task<T> WithRunAsync<T>(Run run, CancellationToken token, Func<Task<T>> work)
    {
        try
        {
            var result = await work();
            if (events.IsOpen(run.Id))
            {
                await events.FlushAsync(run.Id, CancellationToken.None);
            }

            return result;
        }
        catch (Exception e) when (!token.IsCancellationRequested)
        {
            var failure = ActivityFailures.From(e);
            if (failure != e)
            {
                logger.LogWarning(e, "A step of run {RunId} failed ({Code})", run.Id, failure.ErrorType);
            }

            throw failure;
        }
        finally
        {
            await FlushQuietlyAsync(run.Id);
            events.Close(run.Id);
        }
    }

    /// <summary>Whether the thread still shows the step the workflow asked for: a retried step may have been taken already.</summary>
    private static bool IsSameStep(NextStep next, NextStep asked) => (next, asked) switch
    {
        (NextStep.CallModel a, NextStep.CallModel b) => a.Iteration == b.Iteration,
        (NextStep.RunTools a, NextStep.RunTools b) => a.Iteration == b.Iteration,
        (NextStep.AwaitApproval a, NextStep.AwaitApproval b) => a.Iteration == b.Iteration,
        _ => false,
    };

    private async Task FlushQuietlyAsync(Guid runId)
    {
        if (!events.IsOpen(runId))
        {
            return;
        }

        try
        {
            await events.FlushAsync(runId, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The last events of run {RunId} could not be stored", runId);
        }
    }
}
