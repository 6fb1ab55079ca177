namespace Everruns.Data.AgUi;

/// <summary>An event that would break the AG-UI sequence rules at this point of the stream.</summary>
public sealed class AgUiSequenceException(AgUiEvent @event, string reason)
    : InvalidOperationException($"{@event.Type} is not allowed here: {reason}")
{
    public AgUiEvent Event { get; } = @event;

    public string Reason { get; } = reason;
}
