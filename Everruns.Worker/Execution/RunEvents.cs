using Everruns.Data.AgUi;
using Everruns.Data.Events;

namespace Everruns.Worker.Execution;

/// <summary>Appends a run's events, stamped with the time, to the process's event writer.</summary>
public sealed class RunEvents(RunEventWriter writer, TimeProvider time)
{
    public void Emit(Guid runId, AgUiEvent @event) =>
        writer.Append(runId, @event with { Timestamp = time.GetUtcNow().ToUnixTimeMilliseconds() });

    public Task FlushAsync(Guid runId, CancellationToken cancellationToken) => writer.FlushAsync(runId, cancellationToken);
}
