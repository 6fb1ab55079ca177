using System.Text.Json;

namespace Everruns.Data.Events;

/// <summary>One persisted AG-UI event of a run: its place in the run's sequence, type and JSON payload.</summary>
public sealed record StoredEvent(Guid RunId, long Seq, string Type, JsonElement Payload, DateTimeOffset CreatedAt);
