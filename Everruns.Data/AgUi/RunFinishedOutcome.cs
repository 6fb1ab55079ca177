using System.Text.Json.Serialization;

namespace Everruns.Data.AgUi;

/// <summary>
/// Why a run ended, on RUN_FINISHED: <c>{"type":"success"}</c>, <c>{"type":"interrupt","interrupts":[...]}</c>
/// or <c>{"type":"cancelled"}</c>. Omitting the outcome means success.
/// </summary>
[JsonPolymorphic(
    TypeDiscriminatorPropertyName = "type",
    UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(RunFinishedSuccessOutcome), RunFinishedSuccessOutcome.Discriminator)]
[JsonDerivedType(typeof(RunFinishedInterruptOutcome), RunFinishedInterruptOutcome.Discriminator)]
[JsonDerivedType(typeof(RunFinishedCancelledOutcome), RunFinishedCancelledOutcome.Discriminator)]
public abstract record RunFinishedOutcome
{
    protected RunFinishedOutcome(string type) => Type = type;

    [JsonIgnore]
    public string Type { get; }
}

/// <summary>The run completed.</summary>
public sealed record RunFinishedSuccessOutcome() : RunFinishedOutcome(Discriminator)
{
    public const string Discriminator = "success";

    /// <summary>Tool calls the run started and left unanswered, for the application to answer next.</summary>
    public IReadOnlyList<string>? PendingToolCallIds { get; init; }
}

/// <summary>The run paused for outside input; the next run answers the interrupts with resume entries.</summary>
public sealed record RunFinishedInterruptOutcome : RunFinishedOutcome
{
    public const string Discriminator = "interrupt";

    public RunFinishedInterruptOutcome(IReadOnlyList<AgUiInterrupt> interrupts) : base(Discriminator) =>
        Interrupts = interrupts;

    /// <summary>At least one: an interrupt with nothing to answer would leave the consumer nothing to do.</summary>
    public IReadOnlyList<AgUiInterrupt> Interrupts
    {
        get;
        init => field = value is { Count: > 0 }
            ? value
            : throw new ArgumentException("An interrupt outcome needs at least one interrupt.", nameof(Interrupts));
    }
}

/// <summary>
/// The run was stopped on purpose before it completed and did not fail. Clients older than the
/// cancelled outcome may reject it, so the API decides whether to send it on the wire.
/// </summary>
public sealed record RunFinishedCancelledOutcome() : RunFinishedOutcome(Discriminator)
{
    public const string Discriminator = "cancelled";
}
