namespace Everruns.Worker.Models;

/// <summary>
/// A streaming model call failed after some updates had already been handed to the caller, so it was
/// not retried: the caller decides whether to discard the partial answer and call again.
/// </summary>
public sealed class ModelStreamInterruptedException(int updatesDelivered, Exception innerException)
    : Exception($"The model stream failed after {updatesDelivered} update(s) had been delivered: {innerException.Message}", innerException)
{
    public int UpdatesDelivered { get; } = updatesDelivered;

    /// <summary>Whether repeating the whole call may succeed.</summary>
    public bool IsTransient => ModelErrorClassifier.Classify(InnerException!).IsTransient;
}
