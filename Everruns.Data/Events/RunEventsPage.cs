using Everruns.Data.Runs;

namespace Everruns.Data.Events;

/// <summary>A run's status and a page of its events, as they were at the same moment.</summary>
public sealed record RunEventsPage(RunStatus Status, IReadOnlyList<StoredEvent> Events);
