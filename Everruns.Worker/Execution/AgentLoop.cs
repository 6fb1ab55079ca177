using Everruns.Data.AgUi;
using Everruns.Data.Approvals;
using Everruns.Data.Events;
using Everruns.Data.Runs;
using Everruns.Worker.Models;
using Everruns.Worker.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Everruns.Worker.Execution;

/// <summary>
/// The agent loop, written once: begin, then call the model and run the tools it asks for until it answers,
/// then finish. Where the run is comes from the thread's messages, read when the run begins (so a resumed run
/// continues from its last completed step) and extended by each step's stored messages. The runners (in-process and Temporal) only decide where this runs.
/// </summary>
public sealed class AgentLoop(
    RunLifecycle lifecycle,
    ModelStep model,
    ToolStep tools,
    ToolApprovalStore approvals,
    IOptions<AgentLoopOptions> options,
    ILogger<AgentLoop> logger)
{
    private const int MaxInterruptedStreams = 2;

    /// <param name="context">The run's context when it was read as the run was created; else it is read here.</param>
    public async Task ExecuteAsync(Run run, string owner, RunControl control, RunContext? context = null)
    {
        var token = control.Token;
        using var span = AgentTelemetry.StartRun(run);
        try
        {
            if (run.CancelRequested)
            {
                await lifecycle.BeginAsync(run, owner, CancellationToken.None);
                await lifecycle.FinishAsync(run, owner, new RunOutcome.Cancelled(), CancellationToken.None);
                return;
            }

            // Events are stored only by the run's holder, so a run claimed for the first time has none yet.
            var turn = await lifecycle.BeginAsync(run, owner, token, knownEmpty: run.Attempt == 1, context);
            AgentTelemetry.DescribeAgent(span, turn.Agent);
            var interruptedStreams = 0;
            while (true)
            {
                switch (turn.Next(options.Value.MaxIterations))
                {
                    case NextStep.CallModel call:
                        try
                        {
                            turn = turn.With([await model.CallAsync(turn, call.Iteration, token)]);
                        }
                        catch (ModelStreamInterruptedException e) when (e.IsTransient && ++interruptedStreams <= MaxInterruptedStreams)
                        {
                            // The answer broke off after tokens went out: ask again; the broken message was closed.
                            logger.LogWarning("The model stream of run {RunId} broke off; asking again", run.Id);
                        }

                        break;
                    case NextStep.RunTools pending:
                        turn = turn.With(await tools.RunAsync(turn, pending.Calls, pending.Iteration, token));
                        break;
                    case NextStep.AwaitApproval waiting:
                        await approvals.AddPendingAsync(run.Id, [.. waiting.Calls.Select(c => new PendingApproval(c.Id, c.Name, c.Arguments))],
                            options.Value.ApprovalTimeout, token);
                        var recorded = await approvals.ListAsync(run.Id, token);
                        await lifecycle.FinishAsync(run, owner, new RunOutcome.WaitingForApproval(Interrupts(waiting, recorded)), token);
                        return;
                    case NextStep.Finish finish:
                        await lifecycle.FinishAsync(run, owner, new RunOutcome.Completed(finish.PendingClientToolCalls), token);
                        return;
                    case NextStep.TooManyIterations limit:
                        await lifecycle.FinishAsync(
                            run, owner, new RunOutcome.Failed($"The run reached its limit of {limit.Limit} model calls.", "max_iterations"), token);
                        return;
                }
            }
        }
        catch (OperationCanceledException) when (control.Reason == StopReason.CancelRequested)
        {
            await lifecycle.FinishAsync(run, owner, new RunOutcome.Cancelled(), CancellationToken.None);
        }
        catch (Exception) when (control.Reason is StopReason.Shutdown or StopReason.LeaseLost)
        {
            logger.LogInformation("Run {RunId} stopped here ({Reason}); it will be resumed", run.Id, control.Reason);
        }
        catch (LeaseLostException)
        {
            logger.LogWarning("Run {RunId} is held by another executor now; this one lets go", run.Id);
        }
        catch (Exception e)
        {
            AgentTelemetry.Fail(span, e);
            if (e is ModelConfigurationException)
            {
                // A setting to fix, such as a missing provider key: the message says which.
                logger.LogWarning("Run {RunId} failed: {Reason}", run.Id, e.Message);
            }
            else
            {
                logger.LogError(e, "Run {RunId} failed", run.Id);
            }
            var (message, code) = RunErrors.Describe(e);
            await lifecycle.FinishAsync(run, owner, new RunOutcome.Failed(message, code), CancellationToken.None);
        }
    }

    /// <summary>One AG-UI interrupt per tool call that waits: its id is the tool call's id.</summary>
    public static IReadOnlyList<AgUiInterrupt> Interrupts(NextStep.AwaitApproval waiting, IReadOnlyList<ToolApproval> recorded) =>
        [.. waiting.Calls.Select(call => new AgUiInterrupt(call.Id, "tool_approval")
        {
            ToolCallId = call.Id,
            Message = $"Approve calling {call.Name}?",
            ExpiresAt = recorded.FirstOrDefault(a => a.ToolCallId == call.Id)?.ExpiresAt?.ToString("O"),
            Metadata = System.Text.Json.JsonSerializer.SerializeToElement(new { tool_name = call.Name, arguments = call.Arguments }),
        })];
}
