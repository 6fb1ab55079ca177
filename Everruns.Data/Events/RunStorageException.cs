namespace Everruns.Data.Events;

/// <summary>What the run did could not be stored (the database stayed out of reach): its executor stops it, to be resumed.</summary>
public sealed class RunStorageException(Guid runId, Exception innerException)
    : Exception($"The events of run {runId} could not be stored.", innerException)
{
    public Guid RunId { get; } = runId;
}
