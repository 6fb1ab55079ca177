using Everruns.Data.AgUi;
using Everruns.Data.Approvals;
using Everruns.Data.Events;
using Everruns.Data.Runs;
using Everruns.Data.Threads;
using Everruns.Worker.Execution;
using Everruns.Worker.Tools;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace Everruns.Worker.Temporal;

/// <summary>
/// The steps of a run as Temporal activities: the same <see cref="RunLifecycle"/>, <see cref="ModelStep"/> and
/// <see cref="ToolStep"/> the in-process runner uses. Each activity takes the run as the workflow's owner, reopens
/// its event stream (closing whatever a worker that died mid-step left open), does its step, stores its events,
/// and reads the next step from the thread. So a retried activity repeats only what was not finished.
/// </summary>
public sealed class AgentRunActivities(
    RunQueue queue,
    RunLifecycle lifecycle,
    ModelStep model,
    IToolInvoker tools,
    RunEvents events,
    RunEventWriter writer,
    RunEventStore eventStore,
    MessageStore messages,
    ToolApprovalStore approvals,
    TemporalOptions temporal,
    IOptions<AgentLoopOptions> loop,
    ILogger<AgentRunActivities> logger)
{
    private readonly RunStream stream = new(eventStore, writer, events);

    private int MaxIterations => loop.Value.MaxIterations;

    /// <summary>Takes the run, opens (or resumes) its event stream, and tells the first step.</summary>
    [Activity(ActivityNames.BeginRun)]
    public async Task<BeginResult> BeginRunAsync(AgentRunInput input)
    {
        var token = ActivityExecutionContext.Current.CancellationToken;
        var owner = WorkflowRunOwner.For(input.RunId);
        var acquisition = await queue.AcquireForWorkflowAsync(input.RunId, owner, token);
        if (!acquisition.Acquired)
        {
            return new BeginResult(acquisition.Run is { Status: RunStatus.Running } ? RunClaim.HeldElsewhere : RunClaim.Ended);
        }

        var run = acquisition.Run!;
        try
        {
            var (phase, lastSeq, last) = await stream.ReadAsync(run.Id, token);
            if (phase == StreamPhase.Ended)
            {
                // An earlier finish stored the terminal event but not the status.
                var (status, error) = RunStream.StatusOf(last);
                await queue.FinishAsync(run.Id, owner, status, error, token);
                return new BeginResult(RunClaim.Ended);
            }

            if (phase == StreamPhase.Paused)
            {
                await stream.ResumeAsync(run, owner, lastSeq, token);
            }

            var turn = await lifecycle.BeginAsync(run, owner, token);
            await events.FlushAsync(run.Id, CancellationToken.None);
            return run.CancelRequested
                ? new BeginResult(RunClaim.CancelRequested)
                : new BeginResult(RunClaim.Claimed, AgentStep.From(turn.Next(MaxIterations), turn.Agent));
        }
        catch (Exception e) when (!token.IsCancellationRequested)
        {
            throw Failure(e, run.Id, modelCall: false);
        }
        finally
        {
            writer.Close(run.Id);
        }
    }

    /// <summary>Calls the model once, streaming its answer as events, unless the thread shows the call was made already.</summary>
    [Activity(ActivityNames.CallModel)]
    public Task<AgentStep> CallModelAsync(ModelCallInput input) =>
        StepAsync(input.RunId, modelCall: true, async (turn, token) =>
        {
            if (turn.Next(MaxIterations) is NextStep.CallModel call)
            {
                await model.CallAsync(turn, call.Iteration, token);
            }
        });

    /// <summary>Runs the pending tool calls of the last answer, with the approval decisions the workflow collected.</summary>
    [Activity(ActivityNames.RunTools)]
    public Task<AgentStep> RunToolsAsync(ToolCallsInput input) =>
        StepAsync(input.RunId, modelCall: false, async (turn, token) =>
        {
            // Approvals arrive as workflow signals here: the workflow passes the decisions in, and calls that wait
            // for one run with them.
            var (calls, iteration) = turn.Next(MaxIterations) switch
            {
                NextStep.RunTools pending => (pending.Calls, pending.Iteration),
                NextStep.AwaitApproval waiting => (
                    (IReadOnlyList<PlannedToolCall>)[.. waiting.Calls.Select(call => new PlannedToolCall(call, turn.Tools.FirstOrDefault(t => t.Name == call.Name), null))],
                    waiting.Iteration),
                _ => ([], 0),
            };
            if (calls.Count > 0)
            {
                var step = new ToolStep(new ApprovalToolInvoker(new TimedToolInvoker(tools), input.Approvals), events, messages);
                await step.RunAsync(turn, calls, iteration, token);
            }
        });

    /// <summary>
    /// Ends the current AG-UI run with an interrupt per call that needs an approval, and leaves the run waiting:
    /// nobody holds it until the workflow has the decisions and begins it again.
    /// </summary>
    [Activity(ActivityNames.PauseForApproval)]
    public async Task PauseForApprovalAsync(PauseInput input)
    {
        var token = ActivityExecutionContext.Current.CancellationToken;
        var owner = WorkflowRunOwner.For(input.RunId);
        var (phase, _, _) = await stream.ReadAsync(input.RunId, token);
        if (phase == StreamPhase.Paused)
        {
            // A retry: the interrupt is stored; only the status may be missing.
            await queue.FinishAsync(input.RunId, owner, RunStatus.Waiting, null, token);
            return;
        }

        var run = await HoldAsync(input.RunId, owner, token);
        try
        {
            var turn = await lifecycle.BeginAsync(run, owner, token);

            // Recorded where the REST API lists and answers approvals; the answers reach the workflow as signals.
            var asked = turn.OwnMessages.LastOrDefault(m => m.Role == MessageRole.Assistant) is { } answer ? ToolCalls.Read(answer) : [];
            await approvals.AddPendingAsync(
                run.Id,
                [.. input.Calls.Select(call => new PendingApproval(
                    call.Id, call.Name, asked.FirstOrDefault(a => a.Id == call.Id)?.Arguments ?? System.Text.Json.JsonSerializer.SerializeToElement(new { })))],
                expiresAfter: null,
                token);
            var interrupts = input.Calls
                .Select(call => new AgUiInterrupt(call.Id, "tool_approval")
                {
                    ToolCallId = call.Id,
                    Message = $"The agent wants to call '{call.Name}'. Approve or reject the call.",
                })
                .ToList();
            events.Emit(run.Id, new RunFinishedEvent(run.EventThreadId, run.EventRunId)
            {
                Outcome = new RunFinishedInterruptOutcome(interrupts),
            });
            await events.FlushAsync(run.Id, CancellationToken.None);
            await queue.FinishAsync(run.Id, owner, RunStatus.Waiting, null, token);
        }
        catch (Exception e) when (!token.IsCancellationRequested)
        {
            throw Failure(e, run.Id, modelCall: false);
        }
        finally
        {
            writer.Close(run.Id);
        }
    }

    /// <summary>Stores the terminal event and status. Does nothing to a run that has ended or that someone else holds.</summary>
    [Activity(ActivityNames.FinishRun)]
    public async Task FinishRunAsync(FinishInput input)
    {
        var token = ActivityExecutionContext.Current.CancellationToken;
        var owner = WorkflowRunOwner.For(input.RunId);
        var acquisition = await queue.AcquireForWorkflowAsync(input.RunId, owner, token);
        if (!acquisition.Acquired)
        {
            return;
        }

        var run = acquisition.Run!;
        var outcome = input.Kind switch
        {
            FinishKind.Completed => (RunOutcome)new RunOutcome.Completed(),
            FinishKind.Cancelled => new RunOutcome.Cancelled(),
            _ => new RunOutcome.Failed(input.Message ?? "The run failed.", input.Code ?? RunFailureCodes.Internal),
        };
        try
        {
            var (phase, lastSeq, last) = await stream.ReadAsync(run.Id, token);
            if (phase == StreamPhase.Ended)
            {
                var (status, error) = RunStream.StatusOf(last);
                await queue.FinishAsync(run.Id, owner, status, error, token);
                return;
            }

            if (phase == StreamPhase.Paused)
            {
                await stream.ResumeAsync(run, owner, lastSeq, token);
            }

            await lifecycle.BeginAsync(run, owner, token);
            await lifecycle.FinishAsync(run, owner, outcome, token);
        }
        catch (Exception e) when (!token.IsCancellationRequested)
        {
            throw Failure(e, run.Id, modelCall: false);
        }
        finally
        {
            writer.Close(run.Id);
        }
    }

    /// <summary>A model or tool step: heartbeats throughout, and answers the step after it.</summary>
    private async Task<AgentStep> StepAsync(Guid runId, bool modelCall, Func<RunTurn, CancellationToken, Task> work)
    {
        var context = ActivityExecutionContext.Current;
        var token = context.CancellationToken;
        var owner = WorkflowRunOwner.For(runId);
        await using var heartbeat = ActivityHeartbeat.Start(context, temporal.HeartbeatInterval);
        var run = await HoldAsync(runId, owner, token);
        try
        {
            var turn = await lifecycle.BeginAsync(run, owner, token);
            await work(turn, token);
            turn = await lifecycle.LoadAsync(run, token);
            await events.FlushAsync(run.Id, CancellationToken.None);
            return AgentStep.From(turn.Next(MaxIterations), turn.Agent);
        }
        catch (OperationCanceledException) when (context.CancelReason == ActivityCancelReason.WorkerShutdown)
        {
            // Not a cancellation of the run: the step is given to another worker.
            throw new ApplicationFailureException("The worker shut down during the step.", RunFailureCodes.Transient);
        }
        catch (Exception e) when (!token.IsCancellationRequested)
        {
            throw Failure(e, run.Id, modelCall);
        }
        finally
        {
            // Cancelled or failed: store what the step closed on its way out.
            await FlushQuietlyAsync(run.Id);
            writer.Close(run.Id);
        }
    }

    private async Task<Run> HoldAsync(Guid runId, string owner, CancellationToken token)
    {
        var acquisition = await queue.AcquireForWorkflowAsync(runId, owner, token);
        return acquisition.Acquired ? acquisition.Run! : throw ActivityFailures.NotHeld(runId);
    }

    private Exception Failure(Exception exception, Guid runId, bool modelCall)
    {
        var failure = ActivityFailures.From(exception, modelCall);
        if (failure != exception)
        {
            logger.LogWarning(exception, "A step of run {RunId} failed ({Code})", runId, failure.ErrorType);
        }

        return failure;
    }

    private async Task FlushQuietlyAsync(Guid runId)
    {
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
