using System.Text.Json;

namespace Everruns.Data.AgUi;

/// <summary>STATE_SNAPSHOT: replaces the agent state wholesale.</summary>
public sealed record StateSnapshotEvent(JsonElement Snapshot) : AgUiEvent(AgUiEventTypes.StateSnapshot);

/// <summary>MESSAGES_SNAPSHOT: the complete, ordered set of messages the producer owns.</summary>
public sealed record MessagesSnapshotEvent(IReadOnlyList<AgUiMessage> Messages) : AgUiEvent(AgUiEventTypes.MessagesSnapshot);
