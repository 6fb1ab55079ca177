using System.Text.Json;
using Everruns.Data.AgUi;
using Everruns.Data.Events;
using Everruns.Data.Runs;
using Everruns.Data.Threads;

namespace Everruns.Worker.Execution;

/// <summary>How a run's turn ended.</summary>
public abstract record RunOutcome
{
    /// <summary>The model answered. <see cref="PendingClientToolCalls"/>: frontend tool calls left for the AG-UI client.</summary>
    public sealed record Completed(IReadOnlyList<string>? PendingClientToolCalls = null) : RunOutcome;

    public sealed record Failed(RunFailure Failure) : RunOutcome;

    public sealed record Cancelled : RunOutcome;

    /// <summary>The run waits for people to approve these tool calls.</summary>
    public sealed record WaitingForApproval(IReadOnlyList<AgUiInterrupt> Interrupts) : RunOutcome;
}

/// <summary>
/// The first and last steps of a run: open it (new, resumed after a crash, or after an approval) and write how its
/// turn ended. Every event goes through <see cref="RunEvents"/>, so it is checked against the AG-UI sequence rules
/// before it is stored.
/// </summary>
public sealed class RunLifecycle(RunEventStore eventStore, RunEvents events, RunContextStore contexts)
{
    /// <summary>
    /// Opens the run for writing. A new run, or one whose last turn ended (it waited for an approval), gets
    /// RUN_STARTED. A run resumed after a crash first closes whatever its earlier attempt left open, so its events
    /// stay one valid AG-UI sequence, and when an answer it streamed was never stored, a snapshot of the stored
    /// conversation follows, so that the answer that replaces it is not shown twice.
    /// </summary>
    /// <param name="knownEmpty">The caller knows the run has no stored events, so they need not be read.</param>
    /// <param name="context">The run's context, when the caller has read it already.</param>
    public async Task<RunTurn> BeginAsync(Run run, string owner, CancellationToken cancellationToken, bool knownEmpty = false, RunContext? context = null)
    {
        var (stored, state) = await OpenAsync(run, owner, knownEmpty, cancellationToken);
        RunTurn? turn = null;
        try
        {
            turn = Turn(run, context ?? await contexts.LoadAsync(run, cancellationToken));
            return turn;
        }
        finally
        {
            // After the read, so that RUN_STARTED is stored together with the first step's events.
            Continue(run, state, stored, turn);
        }
    }

    /// <summary>Opens the run for writing without reading its context: enough to end it.</summary>
    public async Task OpenAsync(Run run, string owner, CancellationToken cancellationToken)
    {
        var (stored, state) = await OpenAsync(run, owner, knownEmpty: false, cancellationToken);
        Continue(run, state, stored, turn: null);
    }

    public bool IsOpen(Guid runId) => events.IsOpen(runId);

    /// <summary>
    /// Ends a run someone asked to stop, with RUN_FINISHED and the cancelled outcome. An answer the model was
    /// streaming is kept as far as it went: stored as the thread's assistant message, marked cut short, with the tokens
    /// it cost as far as they are known (see <see cref="TokenEstimate"/>), and told to clients by the model usage event
    /// that goes with it. The run's events are read back from the store for it, the same in every runner. False when
    /// the run was no longer ours.
    /// </summary>
    public async Task<bool> CancelAsync(Run run, string owner)
    {
        var stored = await ReopenAsync(run, owner);
        try
        {
            await KeepCutShortAnswersAsync(run, stored);
        }
        catch
        {
            events.Close(run.Id);
            throw;
        }

        return await FinishAsync(run, new RunOutcome.Cancelled(), CancellationToken.None);
    }

    /// <summary>Tells clients which answers the conversation has, after a streamed answer was dropped.</summary>
    public void DiscardPartialAnswer(RunTurn turn) => events.Emit(turn.Run.Id, ConversationSnapshot.Of(turn.Messages));

    /// <summary>Stores the event that ends the turn together with the run's status. False when the run was no longer ours.</summary>
    public async Task<bool> FinishAsync(Run run, RunOutcome outcome, CancellationToken cancellationToken)
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
                RunOutcome.Failed failed => new RunCompletion(RunStatus.Failed, failed.Failure.Message, failed.Failure.Code),
                RunOutcome.Cancelled => new RunCompletion(RunStatus.Cancelled),
                RunOutcome.WaitingForApproval => new RunCompletion(RunStatus.Waiting),
                _ => new RunCompletion(RunStatus.Completed),
            };
            return await events.FinishAsync(run.Id, TerminalEvent(run, outcome), completion, cancellationToken);
        }
        finally
        {
            events.Close(run.Id);
        }
    }

    /// <summary>Opens the run from its stored events, storing first what this process emitted when it has it open.</summary>
    private async Task<IReadOnlyList<AgUiEvent>> ReopenAsync(Run run, string owner)
    {
        if (events.IsOpen(run.Id))
        {
            try
            {
                await events.FlushAsync(run.Id, CancellationToken.None);
            }
            finally
            {
                events.Close(run.Id);
            }
        }

        var (stored, state) = await OpenAsync(run, owner, knownEmpty: false, CancellationToken.None);
        Continue(run, state, stored, turn: null);
        return stored;
    }

    private async Task KeepCutShortAnswersAsync(Run run, IReadOnlyList<AgUiEvent> stored)
    {
        if (CutShortAnswer.In(stored, []).Count == 0)
        {
            // Nothing was streamed since the turn began: the conversation need not be read.
            return;
        }

        var context = await contexts.LoadAsync(run, CancellationToken.None);
        if (context.Agent is null)
        {
            // The agent is gone: nothing says which model answered, nor what it was sent.
            return;
        }

        var turn = Turn(run, context);
        var iteration = turn.OwnMessages.Count(message => message.Role == MessageRole.Assistant);
        foreach (var answer in CutShortAnswer.In(stored, context.Messages))
        {
            iteration++;
            var (inputTokens, outputTokens) = (TokenEstimate.InputOf(turn), TokenEstimate.Of(answer.Text));

            // Before the message, so that both are stored in one write.
            events.Emit(run.Id, new CustomEvent("everruns.model_usage", JsonSerializer.SerializeToElement(new
            {
                model = turn.Agent.DefaultModelId,
                iteration,
                input_tokens = inputTokens,
                output_tokens = outputTokens,
                message_id = answer.MessageId,
                cut_short = true,
                estimated = true,
            })));
            var saved = await events.StoreMessageAsync(
                run.Id, RunMessage.CutShortAnswer(answer.MessageId, run.ThreadId, answer.Text, inputTokens, outputTokens), CancellationToken.None);
            turn = turn.With([saved]);
        }
    }

    private async Task<(IReadOnlyList<AgUiEvent> Stored, AgUiStreamState State)> OpenAsync(
        Run run, string owner, bool knownEmpty, CancellationToken cancellationToken)
    {
        IReadOnlyList<StoredEvent> stored = knownEmpty ? [] : await ReadAllAsync(run.Id, cancellationToken);
        IReadOnlyList<AgUiEvent> replayed = [.. stored.Select(e => AgUiJson.Deserialize(e.Json))];
        return (replayed, events.Open(run.Id, owner, replayed, stored.Count == 0 ? 0 : stored[^1].Seq));
    }

    private void Continue(Run run, AgUiStreamState state, IReadOnlyList<AgUiEvent> stored, RunTurn? turn)
    {
        if (state.Phase is AgUiRunPhase.NotStarted || state.IsTerminated)
        {
            events.Emit(run.Id, new RunStartedEvent(run.EventThreadId, run.EventRunId));
            return;
        }

        events.CloseOpen(run.Id);
        if (turn is not null && ConversationSnapshot.Discarded(stored, turn.Messages).Count > 0)
        {
            DiscardPartialAnswer(turn);
        }
    }

    private static RunTurn Turn(Run run, RunContext context)
    {
        var agent = context.Agent ?? throw new InvalidOperationException($"Agent {run.AgentId} of run {run.Id} does not exist.");
        return new RunTurn(run, agent, context.Messages, context.Approvals);
    }

    private static AgUiEvent TerminalEvent(Run run, RunOutcome outcome) => outcome switch
    {
        RunOutcome.Failed failed => new RunErrorEvent(failed.Failure.Message) { Code = failed.Failure.Code },
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
