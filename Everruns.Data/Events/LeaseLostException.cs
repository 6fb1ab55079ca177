namespace Everruns.Data.Events;

/// <summary>Another executor holds the run now: this one must stop working on it.</summary>
public sealed class LeaseLostException(Guid runId)
    : Exception($"Run {runId} is held by another executor; this one stops working on it.")
{
    public Guid RunId { get; } = runId;
}
