using System.Diagnostics.CodeAnalysis;

namespace Everruns.Data.AgUi;

/// <summary>
/// The state of an AG-UI event stream as the official client's verifier (<c>verifyEvents</c> in
/// <c>@ag-ui/client</c>) tracks it: the run phase and which text messages, tool calls and steps are
/// open. Used to check each event before it is stored, and after a crash to close what the stored
/// events left open so the resumed run continues a valid sequence. Not thread-safe.
/// </summary>
public sealed class AgUiStreamState
{
    // One list for the three kinds, in opening order, so that closing can unwind the most recent first.
    private readonly List<OpenItem> open = [];

    public AgUiRunPhase Phase { get; private set; } = AgUiRunPhase.NotStarted;

    public IReadOnlyList<string> OpenMessageIds => OpenIds(OpenKind.Message);

    public IReadOnlyList<string> OpenToolCallIds => OpenIds(OpenKind.ToolCall);

    public IReadOnlyList<string> OpenStepNames => OpenIds(OpenKind.Step);

    public bool HasOpenItems => open.Count > 0;

    /// <summary>True when the last run ended with RUN_FINISHED or RUN_ERROR.</summary>
    public bool IsTerminated => Phase is AgUiRunPhase.Finished or AgUiRunPhase.Errored;

    /// <summary>The state after <paramref name="events"/>; throws <see cref="AgUiSequenceException"/> if they break the rules.</summary>
    public static AgUiStreamState Replay(IEnumerable<AgUiEvent> events)
    {
        var state = new AgUiStreamState();
        foreach (var @event in events)
            state.Apply(@event);
        return state;
    }

    /// <summary>Why <paramref name="event"/> may not come next, or null if it may.</summary>
    public string? Check(AgUiEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var type = @event.Type;

        switch (Phase)
        {
            case AgUiRunPhase.Errored when @event is not RunStartedEvent:
                return $"Cannot send event type '{type}': the run has already errored with 'RUN_ERROR'. " +
                    "Only a new 'RUN_STARTED' may follow.";
            case AgUiRunPhase.Finished when @event is not (RunStartedEvent or RunErrorEvent):
                return $"Cannot send event type '{type}': the run has already finished with 'RUN_FINISHED'. " +
                    "Start a new run with 'RUN_STARTED'.";
            case AgUiRunPhase.NotStarted when @event is not (RunStartedEvent or RunErrorEvent):
                return $"First event must be 'RUN_STARTED' (or 'RUN_ERROR'), not '{type}'.";
        }

        return @event switch
        {
            RunStartedEvent when Phase == AgUiRunPhase.Active =>
                "Cannot send 'RUN_STARTED' while a run is still active. " +
                "The previous run must be finished with 'RUN_FINISHED' before starting a new run.",
            RunFinishedEvent => CheckNothingOpen(),
            TextMessageStartEvent e => CheckNotOpen(OpenKind.Message, e.MessageId),
            TextMessageContentEvent e => CheckOpen(OpenKind.Message, e.MessageId, type),
            TextMessageEndEvent e => CheckOpen(OpenKind.Message, e.MessageId, type),
            ToolCallStartEvent e => CheckNotOpen(OpenKind.ToolCall, e.ToolCallId),
            ToolCallArgsEvent e => CheckOpen(OpenKind.ToolCall, e.ToolCallId, type),
            ToolCallEndEvent e => CheckOpen(OpenKind.ToolCall, e.ToolCallId, type),
            StepStartedEvent e => CheckNotOpen(OpenKind.Step, e.StepName),
            StepFinishedEvent e => CheckOpen(OpenKind.Step, e.StepName, type),
            _ => null,
        };
    }

    /// <summary>Records <paramref name="event"/>; throws <see cref="AgUiSequenceException"/> if it may not come next.</summary>
    public void Apply(AgUiEvent @event)
    {
        if (!TryApply(@event, out var violation))
            throw new AgUiSequenceException(@event, violation);
    }

    /// <summary>Records <paramref name="event"/> if it may come next; otherwise leaves the state unchanged.</summary>
    public bool TryApply(AgUiEvent @event, [NotNullWhen(false)] out string? violation)
    {
        violation = Check(@event);
        if (violation is not null)
            return false;

        switch (@event)
        {
            case RunStartedEvent:
                open.Clear();
                Phase = AgUiRunPhase.Active;
                break;
            case RunFinishedEvent:
                Phase = AgUiRunPhase.Finished;
                break;
            case RunErrorEvent:
                // RUN_ERROR ends whatever was still open along with the run.
                open.Clear();
                Phase = AgUiRunPhase.Errored;
                break;
            case TextMessageStartEvent e:
                open.Add(new OpenItem(OpenKind.Message, e.MessageId));
                break;
            case TextMessageEndEvent e:
                open.Remove(new OpenItem(OpenKind.Message, e.MessageId));
                break;
            case ToolCallStartEvent e:
                open.Add(new OpenItem(OpenKind.ToolCall, e.ToolCallId));
                break;
            case ToolCallEndEvent e:
                open.Remove(new OpenItem(OpenKind.ToolCall, e.ToolCallId));
                break;
            case StepStartedEvent e:
                open.Add(new OpenItem(OpenKind.Step, e.StepName));
                break;
            case StepFinishedEvent e:
                open.Remove(new OpenItem(OpenKind.Step, e.StepName));
                break;
        }
        return true;
    }

    /// <summary>
    /// The TEXT_MESSAGE_END, TOOL_CALL_END and STEP_FINISHED events that close everything still open,
    /// most recently opened first. Does not change the state: store the events, then apply them.
    /// </summary>
    public IReadOnlyList<AgUiEvent> ClosingEvents(long? timestamp = null) =>
    [
        .. open.AsEnumerable().Reverse().Select(item => item.Kind switch
        {
            OpenKind.Message => (AgUiEvent)new TextMessageEndEvent(item.Id) { Timestamp = timestamp },
            OpenKind.ToolCall => new ToolCallEndEvent(item.Id) { Timestamp = timestamp },
            _ => new StepFinishedEvent(item.Id) { Timestamp = timestamp },
        }),
    ];

    /// <summary>Why the stream may not end here, or null if it may: a complete stream ends every run it starts.</summary>
    public string? CheckEnd() => Phase switch
    {
        AgUiRunPhase.NotStarted => "The stream ended without emitting 'RUN_STARTED'.",
        AgUiRunPhase.Active => "The stream ended without 'RUN_FINISHED' or 'RUN_ERROR'.",
        _ => null,
    };

    private string? CheckNothingOpen()
    {
        // The same order of complaints as the client: steps, then text messages, then tool calls.
        if (OpenStepNames is { Count: > 0 } steps)
            return $"Cannot send 'RUN_FINISHED' while steps are still active: {string.Join(", ", steps)}";
        if (OpenMessageIds is { Count: > 0 } messages)
            return $"Cannot send 'RUN_FINISHED' while text messages are still active: {string.Join(", ", messages)}";
        if (OpenToolCallIds is { Count: > 0 } toolCalls)
            return $"Cannot send 'RUN_FINISHED' while tool calls are still active: {string.Join(", ", toolCalls)}";
        return null;
    }

    private string? CheckNotOpen(OpenKind kind, string id) =>
        open.Contains(new OpenItem(kind, id))
            ? $"{Describe(kind)} '{id}' is already in progress; close it before starting it again."
            : null;

    private string? CheckOpen(OpenKind kind, string id, string type) =>
        open.Contains(new OpenItem(kind, id))
            ? null
            : $"Cannot send '{type}': no active {Describe(kind).ToLowerInvariant()} '{id}'; it was never started or is already closed.";

    private List<string> OpenIds(OpenKind kind) => [.. open.Where(item => item.Kind == kind).Select(item => item.Id)];

    private static string Describe(OpenKind kind) => kind switch
    {
        OpenKind.Message => "Text message",
        OpenKind.ToolCall => "Tool call",
        _ => "Step",
    };

    private enum OpenKind { Message, ToolCall, Step }

    private readonly record struct OpenItem(OpenKind Kind, string Id);
}
