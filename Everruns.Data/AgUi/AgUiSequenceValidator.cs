namespace Everruns.Data.AgUi;

/// <summary>
/// Checks that events form a valid AG-UI sequence under the rules of the official client's verifier:
/// the first event is RUN_STARTED (or RUN_ERROR); after RUN_FINISHED only RUN_ERROR or a new RUN_STARTED,
/// after RUN_ERROR only a new RUN_STARTED; no RUN_STARTED inside an active run; content, args and end
/// events only for an open message or tool call, STEP_FINISHED only for an open step, no second start of
/// an open id; nothing open at RUN_FINISHED. Ids are per run: a new run starts with nothing open.
/// </summary>
public static class AgUiSequenceValidator
{
    /// <summary>A complete stream: valid events, and the last run ended with RUN_FINISHED or RUN_ERROR.</summary>
    public static AgUiValidationResult Validate(IEnumerable<AgUiEvent> events) => Run(events, requireEnd: true);

    /// <summary>A stream so far, e.g. the stored events of a run still in progress: it may end with a run open.</summary>
    public static AgUiValidationResult ValidatePrefix(IEnumerable<AgUiEvent> events) => Run(events, requireEnd: false);

    private static AgUiValidationResult Run(IEnumerable<AgUiEvent> events, bool requireEnd)
    {
        ArgumentNullException.ThrowIfNull(events);
        var state = new AgUiStreamState();
        var index = 0;
        foreach (var @event in events)
        {
            if (!state.TryApply(@event, out var reason))
                return AgUiValidationResult.Invalid(new AgUiSequenceViolation(index, @event.Type, reason));
            index++;
        }

        if (requireEnd && state.CheckEnd() is { } endReason)
            return AgUiValidationResult.Invalid(new AgUiSequenceViolation(index, EventType: null, endReason));
        return AgUiValidationResult.Valid;
    }
}
