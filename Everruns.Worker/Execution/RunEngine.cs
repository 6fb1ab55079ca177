using System.Text.Json;
using Everruns.Data.AgUi;
using Everruns.Data.Approvals;
using Everruns.Data.Runs;
using Everruns.Data.Threads;
using Everruns.Worker.Models;
using Everruns.Worker.Tools;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Everruns.Worker.Execution;

/// <summary>
/// The one place that decides what a run does next and how each of its turns ends, for both runners. A runner
/// opens the run (<see cref="BeginAsync"/>), asks for the next step (<see cref="Next"/>) and takes it
/// (<see cref="TakeAsync"/>) until a step ends the turn; it ends a turn early with <see cref="CancelAsync"/> or
/// <see cref="FailAsync"/>. The in-process loop does this in one call; the Temporal workflow takes each step in an
/// activity. Each outcome is written the same way in both:
/// <list type="bullet">
/// <item>completed: RUN_FINISHED, with the frontend tool calls left to the client as <c>pendingToolCallIds</c>;</item>
/// <item>waiting for approval: the calls recorded with their expiry, RUN_FINISHED with an interrupt per call;</item>
/// <item>too many iterations, or failed: RUN_ERROR with the code and message of <see cref="RunErrors"/>;</item>
/// <item>over the agent's token budget: checked before each model call (<see cref="TokenBudgets"/>); the call is not
/// made, and the run fails with RUN_ERROR <c>budget_exceeded</c>;</item>
/// <item>cancelled: RUN_FINISHED with the cancelled outcome, after closing what was open and keeping the answer the
/// model was streaming, cut short;</item>
/// <item>resumed after a crash: see <see cref="RunLifecycle.BeginAsync"/>.</item>
/// </list>
/// </summary>
public sealed class RunEngine(
    RunLifecycle lifecycle,
    ModelStep model,
    ToolStep tools,
    ToolApprovalStore approvals,
    TokenBudgets budgets,
    AgentToolResolver agentTools,
    IOptions<AgentLoopOptions> options,
    ILogger<RunEngine> logger)
{
    /// <summary>A model answer that breaks off after tokens went out is asked for again this often within one step.</summary>
    public const int MaxInterruptedStreams = 2;

    /// <inheritdoc cref="RunLifecycle.BeginAsync"/>
    /// <remarks>The turn's tools are resolved here: the tools of the agent's MCP servers are listed (or taken from the
    /// listing kept for this agent version), after RUN_STARTED, inside the step that asked (an activity on Temporal).</remarks>
    public async Task<RunTurn> BeginAsync(Run run, string owner, CancellationToken cancellationToken, bool knownEmpty = false, RunContext? context = null) =>
        await agentTools.ResolveAsync(await lifecycle.BeginAsync(run, owner, cancellationToken, knownEmpty, context), cancellationToken);

    public NextStep Next(RunTurn turn) => turn.Next(options.Value.MaxIterations);

    /// <summary>Takes one step. Returns the turn after it, or null when the step ended the turn.</summary>
    public async Task<RunTurn?> TakeAsync(RunTurn turn, NextStep step, CancellationToken cancellationToken)
    {
        switch (step)
        {
            case NextStep.CallModel call:
                return await budgets.CheckAsync(turn, cancellationToken) is { } overBudget
                    ? turn with { OverBudget = overBudget }
                    : turn.With([await CallModelAsync(turn, call, cancellationToken)]);
            case NextStep.RunTools calls:
                return turn.With(await tools.RunAsync(turn, calls, cancellationToken));
            case NextStep.AwaitApproval waiting:
                await PauseAsync(turn, waiting, cancellationToken);
                return null;
            case NextStep.Finish finish:
                await lifecycle.FinishAsync(turn.Run, new RunOutcome.Completed(finish.PendingClientToolCalls), cancellationToken);
                return null;
            case NextStep.TooManyIterations limit:
                await lifecycle.FinishAsync(turn.Run, new RunOutcome.Failed(RunErrors.TooManyIterations(limit.Limit)), cancellationToken);
                return null;
            case NextStep.OverBudget over:
                await lifecycle.FinishAsync(turn.Run, new RunOutcome.Failed(RunErrors.OverBudget(over.Message)), cancellationToken);
                return null;
            default:
                throw new InvalidOperationException($"Unknown step {step}.");
        }
    }

    /// <inheritdoc cref="RunLifecycle.CancelAsync"/>
    public Task<bool> CancelAsync(Run run, string owner) => lifecycle.CancelAsync(run, owner);

    /// <summary>Ends a run whose step failed, opening it first when it is not open yet.</summary>
    public async Task<bool> FailAsync(Run run, string owner, RunFailure failure)
    {
        if (!lifecycle.IsOpen(run.Id))
        {
            await lifecycle.OpenAsync(run, owner, CancellationToken.None);
        }

        return await lifecycle.FinishAsync(run, new RunOutcome.Failed(failure), CancellationToken.None);
    }

    private async Task<Message> CallModelAsync(RunTurn turn, NextStep.CallModel call, CancellationToken cancellationToken)
    {
        for (var interrupted = 1; ; interrupted++)
        {
            try
            {
                return await model.CallAsync(turn, call.Iteration, cancellationToken);
            }
            catch (ModelStreamInterruptedException e) when (e.IsTransient && interrupted <= MaxInterruptedStreams)
            {
                // The answer broke off after tokens went out: its message was closed; say it is gone, then ask again.
                logger.LogWarning("The model stream of run {RunId} broke off; asking again", turn.Run.Id);
                lifecycle.DiscardPartialAnswer(turn);
            }
        }
    }

    private async Task PauseAsync(RunTurn turn, NextStep.AwaitApproval waiting, CancellationToken cancellationToken)
    {
        var run = turn.Run;
        await approvals.AddPendingAsync(
            run.Id, [.. waiting.Calls.Select(c => new PendingApproval(c.Id, c.Name, c.Arguments))], options.Value.ApprovalTimeout, cancellationToken);
        var recorded = await approvals.ListAsync(run.Id, cancellationToken);
        await lifecycle.FinishAsync(run, new RunOutcome.WaitingForApproval(Interrupts(waiting, recorded)), cancellationToken);
    }

    /// <summary>One AG-UI interrupt per tool call that waits: its id is the tool call's id.</summary>
    private static IReadOnlyList<AgUiInterrupt> Interrupts(NextStep.AwaitApproval waiting, IReadOnlyList<ToolApproval> recorded) =>
        [.. waiting.Calls.Select(call => new AgUiInterrupt(call.Id, "tool_approval")
        {
            ToolCallId = call.Id,
            Message = $"Approve calling {call.Name}?",
            ExpiresAt = recorded.FirstOrDefault(a => a.ToolCallId == call.Id)?.ExpiresAt?.ToString("O"),
            Metadata = JsonSerializer.SerializeToElement(new { tool_name = call.Name, arguments = call.Arguments }),
        })];
}
