using Everruns.Data.Agents;
using Everruns.Data.AgUi;
using Everruns.Data.Approvals;
using Everruns.Data.Events;
using Everruns.Data.Runs;
using Everruns.Data.Threads;

namespace Everruns.Worker.Execution;

/// <summary>How a run's turn ended.</summary>
public abstract record RunOutcome
{
    /// <summary>The model answered. <see cref="PendingClientToolCalls"/>: frontend tool calls left for the AG-UI client.</summary>
    public sealed record Completed(IReadOnlyList<string>? PendingClientToolCalls = null) : RunOutcome;

    public sealed record Failed(string Message, string Code) : RunOutcome;

    public sealed record Cancelled : RunOutcome;

    /// <summary>The run waits for people to approve these tool calls.</summary>
    public sealed record WaitingForApproval(IReadOnlyList<AgUiInterrupt> Interrupts) : RunOutcome;
}

/// <summary>The first and last steps of a run: open it (or reopen it after a crash or an approval) and end its turn.</summary>
public sealed class RunLifecycle(
    RunEventStore eventStore,
    RunEvents events,
    RunContextStore contexts,
    ToolApprovalStore approvals)
{
    /// <summary>
    /// Opens the run for writing. A new run, or one whose last turn ended (it waited for an approval), gets
    /// RUN_STARTED; a run resumed after a crash first closes whatever its earlier attempt left open, so its
    /// events stay a valid AG-UI sequence.
    /// </summary>
    /// <param name="knownEmpty">The caller knows the run has no stored events, so they need not be read.</param>
    /// <param name="context">The run's context, when the caller has read it already.</param>
    public async Task<RunTurn> BeginAsync(Run run, string owner, CancellationToken cancellationToken, bool knownEmpty = false, RunContext? context = null)
    {
        IReadOnlyList<StoredEvent> stored = knownEmpty ? [] : await ReadAllAsync(run.Id, cancellationToken);
        var state = events.Open(run.Id, owner, stored);
        try
        {
            return context is null ? await LoadAsync(run, cancellationToken) : Turn(run, context);
        }
        finally
        {
            // After the read, so that RUN_STARTED is stored together with the first step's events.
            if (state.Phase is AgUiRunPhase.NotStarted || state.IsTerminated)
            {
                events.Emit(run.Id, new RunStartedEvent(run.EventThreadId, run.EventRunId));
            }
            else
            {
                events.CloseOpen(run.Id);
            }
        }
    }

    public async Task<RunTurn> LoadAsync(Run run, CancellationToken cancellationToken)
    {
        var context = await contexts.LoadAsync(run, cancellationToken);
        return Turn(run, context);
    }

    private static RunTurn Turn(Run run, RunContext context)
    {
        var agent = context.Agent ?? throw new InvalidOperationException($"Agent {run.AgentId} of run {run.Id} does not exist.");
        return new RunTurn(run, agent, context.Messages, context.Approvals);
    }

    /// <summary>Stores the event that ends the turn, then the run's status. Returns false when the run was no longer ours.</summary>
    public async Task<bool> FinishAsync(Run run, string owner, RunOutcome outcome, CancellationToken cancellationToken)
    {
        try
        {
            if (outcome is not RunOutcome.Failed)
            {
                // RUN_FINISHED needs everything closed first; RUN_ERROR ends what is open by itself.
                events.CloseOpen(run.Id);
            }

            var completion = outcome switch
            {
                RunOutcome.Failed failed => new RunCompletion(RunStatus.Failed, failed.Message),
                RunOutcome.Cancelled => new RunCompletion(RunStatus.Cancelled),
                RunOutcome.WaitingForApproval => new RunCompletion(RunStatus.Waiting),
                _ => new RunCompletion(RunStatus.Completed),
            };
            var finished = await events.FinishAsync(run.Id, TerminalEvent(run, outcome), completion, cancellationToken);
            if (finished && completion.Status == RunStatus.Waiting)
            {
                // Answers may have come while the run was on its way to waiting.
                await approvals.ResumeIfDecidedAsync(run.Id, cancellationToken);
            }

            return finished;
        }
        finally
        {
            events.Close(run.Id);
        }
    }

    private static AgUiEvent TerminalEvent(Run run, RunOutcome outcome) => outcome switch
    {
        RunOutcome.Failed failed => new RunErrorEvent(failed.Message) { Code = failed.Code },
        RunOutcome.Cancelled => new RunFinishedEvent(run.EventThreadId, run.EventRunId) { Outcome = new RunFinishedCancelledOutcome() },
        RunOutcome.WaitingForApproval waiting => new RunFinishedEvent(run.EventThreadId, run.EventRunId)
        {
            Outcome = new RunFinishedInterruptOutcome(waiting.Interrupts),
        },
        RunOutcome.Completed { PendingClientToolCalls.Count: > 0 } completed => new RunFinishedEvent(run.EventThreadId, run.EventRunId)
        {
            Outcome = new RunFinishedSuccessOutcome { PendingToolCallIds = completed.PendingClientToolCalls },
        },
        _ => new RunFinishedEvent(run.EventThreadId, run.EventRunId),
    };

    private async Task<List<StoredEvent>> ReadAllAsync(Guid runId, CancellationToken cancellationToken)
    {
        var all = new List<StoredEvent>();
        while (true)
        {
            var page = await eventStore.ListAfterAsync(runId, all.Count == 0 ? 0 : all[^1].Seq, 1000, cancellationToken);
            all.AddRange(page);
            if (page.Count < 1000)
            {
                return all;
            }
        }
    }
}
