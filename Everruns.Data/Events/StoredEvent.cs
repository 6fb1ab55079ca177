namespace Everruns.Data.Events;

/// <summary>
/// One persisted AG-UI event of a run: its place in the run's gap-free sequence, its type, and the event's whole
/// JSON (type included), exactly as it is stored and sent to clients.
/// </summary>
public sealed record StoredEvent(Guid RunId, long Seq, string Type, string Json, DateTimeOffset CreatedAt)
{
    public bool EndsTurn => Type is AgUi.AgUiEventTypes.RunFinished or AgUi.AgUiEventTypes.RunError;
}
