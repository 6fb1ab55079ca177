using System.Text.Json.Serialization;

namespace Everruns.Data.AgUi;

/// <summary>
/// One AG-UI 1.0 event. On the wire the <c>type</c> discriminator is always the first property;
/// serialize through <see cref="AgUiJson"/> (typed as <see cref="AgUiEvent"/>) so it is written.
/// </summary>
[JsonPolymorphic(
    TypeDiscriminatorPropertyName = "type",
    UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(RunStartedEvent), AgUiEventTypes.RunStarted)]
[JsonDerivedType(typeof(RunFinishedEvent), AgUiEventTypes.RunFinished)]
[JsonDerivedType(typeof(RunErrorEvent), AgUiEventTypes.RunError)]
[JsonDerivedType(typeof(StepStartedEvent), AgUiEventTypes.StepStarted)]
[JsonDerivedType(typeof(StepFinishedEvent), AgUiEventTypes.StepFinished)]
[JsonDerivedType(typeof(TextMessageStartEvent), AgUiEventTypes.TextMessageStart)]
[JsonDerivedType(typeof(TextMessageContentEvent), AgUiEventTypes.TextMessageContent)]
[JsonDerivedType(typeof(TextMessageEndEvent), AgUiEventTypes.TextMessageEnd)]
[JsonDerivedType(typeof(ToolCallStartEvent), AgUiEventTypes.ToolCallStart)]
[JsonDerivedType(typeof(ToolCallArgsEvent), AgUiEventTypes.ToolCallArgs)]
[JsonDerivedType(typeof(ToolCallEndEvent), AgUiEventTypes.ToolCallEnd)]
[JsonDerivedType(typeof(ToolCallResultEvent), AgUiEventTypes.ToolCallResult)]
[JsonDerivedType(typeof(StateSnapshotEvent), AgUiEventTypes.StateSnapshot)]
[JsonDerivedType(typeof(MessagesSnapshotEvent), AgUiEventTypes.MessagesSnapshot)]
[JsonDerivedType(typeof(CustomEvent), AgUiEventTypes.Custom)]
[JsonDerivedType(typeof(RawEvent), AgUiEventTypes.Raw)]
public abstract record AgUiEvent
{
    protected AgUiEvent(string type) => Type = type;

    /// <summary>The SCREAMING_SNAKE discriminator; written by the serializer as <c>type</c>, hence ignored here.</summary>
    [JsonIgnore]
    public string Type { get; }

    /// <summary>When the event was created, in milliseconds since the Unix epoch.</summary>
    [JsonPropertyOrder(1)]
    public long? Timestamp { get; init; }
}
