using System.Collections.Concurrent;
using Everruns.Data.AgUi;
using Everruns.Data.Events;
using Everruns.Data.Threads;

namespace Everruns.Worker.Execution;

/// <summary>
/// Emits the events of the runs this process executes. Every event is checked against the run's AG-UI stream
/// state before it is queued for storage, so a run's stored events are a valid sequence by construction; the
/// state also says what is still open, for closing it.
/// </summary>
public sealed class RunEvents(RunEventWriter writer, TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, AgUiStreamState> streams = new();

    /// <summary>Starts emitting for a run, after the events it already stored (the last of them <paramref name="lastSeq"/>).</summary>
    public AgUiStreamState Open(Guid runId, string owner, IEnumerable<AgUiEvent> stored, long lastSeq)
    {
        var state = AgUiStreamState.Replay(stored);
        writer.Open(runId, owner, lastSeq);
        streams[runId] = state;
        return state;
    }

    public bool IsOpen(Guid runId) => streams.ContainsKey(runId);

    public void Emit(Guid runId, AgUiEvent @event) => Emit(runId, @event, stamped => writer.Append(runId, stamped));

    private void Emit(Guid runId, AgUiEvent @event, Action<AgUiEvent> store)
    {
        var state = streams.TryGetValue(runId, out var found) ? found : throw new InvalidOperationException($"Run {runId} is not open.");
        var stamped = @event with { Timestamp = time.GetUtcNow().ToUnixTimeMilliseconds() };
        lock (state)
        {
            // Apply throws on an event that would break the sequence; it never reaches the store.
            state.Apply(stamped);
            store(stamped);
        }
    }

    /// <summary>Closes what the run left open (messages, tool calls, steps), most recent first.</summary>
    public void CloseOpen(Guid runId)
    {
        if (!streams.TryGetValue(runId, out var state))
        {
            return;
        }

        IReadOnlyList<AgUiEvent> closing;
        lock (state)
        {
            closing = state.ClosingEvents();
        }

        foreach (var @event in closing)
        {
            Emit(runId, @event);
        }
    }

    public Task FlushAsync(Guid runId, CancellationToken cancellationToken) => writer.FlushAsync(runId, cancellationToken);

    /// <summary>Stores a message of the run with the events emitted before it (see <see cref="RunEventWriter.StoreMessageAsync"/>).</summary>
    public Task<Message> StoreMessageAsync(Guid runId, RunMessage message, CancellationToken cancellationToken) =>
        writer.StoreMessageAsync(runId, message, cancellationToken);

    /// <summary>
    /// Stores the event that ends the turn together with the run's new status, so a crash cannot leave one without
    /// the other. False when the run was no longer ours.
    /// </summary>
    public Task<bool> FinishAsync(Guid runId, AgUiEvent terminal, RunCompletion completion, CancellationToken cancellationToken)
    {
        Task<bool>? finishing = null;
        Emit(runId, terminal, stamped => finishing = writer.FinishAsync(runId, stamped, completion, cancellationToken));
        return finishing!;
    }

    public void Close(Guid runId)
    {
        streams.TryRemove(runId, out _);
        writer.Close(runId);
    }
}
