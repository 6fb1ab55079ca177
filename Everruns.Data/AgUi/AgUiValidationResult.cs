namespace Everruns.Data.AgUi;

/// <summary>The outcome of validating an AG-UI sequence: valid, or its first violation.</summary>
public sealed record AgUiValidationResult
{
    private AgUiValidationResult(AgUiSequenceViolation? violation) => Violation = violation;

    public static AgUiValidationResult Valid { get; } = new(violation: null);

    public AgUiSequenceViolation? Violation { get; }

    public bool IsValid => Violation is null;

    public static AgUiValidationResult Invalid(AgUiSequenceViolation violation) =>
        new(violation ?? throw new ArgumentNullException(nameof(violation)));

    public override string ToString() => Violation?.ToString() ?? "valid";
}

/// <summary>
/// The first rule a sequence breaks. <see cref="Index"/> is the offending event's position; for a stream
/// that ends too early it is the number of events and <see cref="EventType"/> is null.
/// </summary>
public sealed record AgUiSequenceViolation(int Index, string? EventType, string Reason)
{
    public override string ToString() =>
        EventType is null ? $"at end of stream ({Index} events): {Reason}" : $"event {Index} ({EventType}): {Reason}";
}
