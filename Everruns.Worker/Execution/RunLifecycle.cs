using Everruns.Data.Agents;
using Everruns.Data.AgUi;
using Everruns.Data.Events;
using Everruns.Data.Runs;
using Everruns.Data.Threads;

namespace Everruns.Worker.Execution;

/// <summary>How a run's turn ended.</summary>
public abstract record RunOutcome
{
    public sealed record Completed : RunOutcome;

    public sealed record Failed(string Message, string Code) : RunOutcome;

    public sealed record Cancelled : RunOutcome;
}

/// <summary>The first and last steps of a run: open it (or reopen it after a crash) and end it.</summary>
public sealed class RunLifecycle(
    RunEventStore eventStore,
    RunEventWriter writer,
    RunEvents events,
    RunQueue queue,
    AgentStore agents,
    MessageStore messages)
{
    /// <summary>
    /// Opens the run for writing. A new run gets RUN_STARTED; a resumed one first closes whatever its earlier
    /// attempt left open, so its events stay a valid AG-UI sequence.
    /// </summary>
    public async Task<RunTurn> BeginAsync(Run run, string owner, CancellationToken cancellationToken)
    {
        var stored = await ReadAllAsync(run.Id, cancellationToken);
        writer.Open(run.Id, owner, stored.Count == 0 ? 0 : stored[^1].Seq);
        var state = AgUiStreamState.Replay(stored.Select(e => AgUiJson.Deserialize(e.Json)));
        if (state.Phase == AgUiRunPhase.NotStarted)
        {
            events.Emit(run.Id, new RunStartedEvent(run.ThreadId.ToString(), run.Id.ToString()));
        }
        else
        {
            foreach (var closing in state.ClosingEvents())
            {
                events.Emit(run.Id, closing);
            }
        }

        return await LoadAsync(run, cancellationToken);
    }

    public async Task<RunTurn> LoadAsync(Run run, CancellationToken cancellationToken)
    {
        var agent = await agents.GetAsync(run.AgentId, cancellationToken)
            ?? throw new InvalidOperationException($"Agent {run.AgentId} of run {run.Id} does not exist.");
        var thread = await messages.ListAllAsync(run.ThreadId, cancellationToken);
        return new RunTurn(run, agent, thread);
    }

    /// <summary>Stores the terminal event, then the terminal status. Returns false when the run was no longer ours.</summary>
    public async Task<bool> FinishAsync(Run run, string owner, RunOutcome outcome, CancellationToken cancellationToken)
    {
        var (terminal, status, error) = outcome switch
        {
            RunOutcome.Completed => ((AgUiEvent)new RunFinishedEvent(run.ThreadId.ToString(), run.Id.ToString()), RunStatus.Completed, (string?)null),
            RunOutcome.Failed failed => (new RunErrorEvent(failed.Message) { Code = failed.Code }, RunStatus.Failed, failed.Message),
            RunOutcome.Cancelled => (new RunErrorEvent("The run was cancelled.") { Code = "cancelled" }, RunStatus.Cancelled, null),
            _ => throw new InvalidOperationException($"Unknown outcome {outcome}."),
        };

        try
        {
            events.Emit(run.Id, terminal);
            await events.FlushAsync(run.Id, cancellationToken);
            return await queue.FinishAsync(run.Id, owner, status, error, cancellationToken);
        }
        finally
        {
            writer.Close(run.Id);
        }
    }

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
