using Everruns.Data.AgUi;
using Everruns.Data.Events;
using Everruns.Data.Runs;
using Everruns.Worker.Execution;

namespace Everruns.Worker.Temporal;

public enum StreamPhase
{
    /// <summary>No event yet.</summary>
    NotStarted,

    /// <summary>The current AG-UI run is open.</summary>
    Open,

    /// <summary>The last AG-UI run ended with an interrupt: the run waits for approvals and resumes with a new RUN_STARTED.</summary>
    Paused,

    /// <summary>The run's terminal event is stored.</summary>
    Ended,
}

/// <summary>Where a run's stored events stand, read from the last one, for the steps the agent loop has no counterpart of.</summary>
public sealed class RunStream(RunEventStore store, RunEventWriter writer, RunEvents events)
{
    public async Task<(StreamPhase Phase, long LastSeq, AgUiEvent? Last)> ReadAsync(Guid runId, CancellationToken cancellationToken)
    {
        var lastSeq = await store.LastSeqAsync(runId, cancellationToken);
        if (lastSeq == 0)
        {
            return (StreamPhase.NotStarted, 0, null);
        }

        var last = AgUiJson.Deserialize((await store.ListAfterAsync(runId, lastSeq - 1, 1, cancellationToken))[0].Json);
        var phase = last switch
        {
            RunFinishedEvent { Outcome: RunFinishedInterruptOutcome } => StreamPhase.Paused,
            RunFinishedEvent or RunErrorEvent => StreamPhase.Ended,
            _ => StreamPhase.Open,
        };
        return (phase, lastSeq, last);
    }

    /// <summary>Opens the next AG-UI run of a paused run: a new RUN_STARTED, stored before anything else is written.</summary>
    public async Task ResumeAsync(Run run, string owner, long lastSeq, CancellationToken cancellationToken)
    {
        writer.Open(run.Id, owner, lastSeq);
        events.Emit(run.Id, new RunStartedEvent(run.EventThreadId, run.EventRunId));
        await events.FlushAsync(run.Id, cancellationToken);
    }

    /// <summary>The status a stored terminal event stands for.</summary>
    public static (RunStatus Status, string? Error) StatusOf(AgUiEvent? terminal) => terminal switch
    {
        RunErrorEvent { Code: "cancelled" } => (RunStatus.Cancelled, null),
        RunErrorEvent error => (RunStatus.Failed, error.Message),
        _ => (RunStatus.Completed, null),
    };
}
