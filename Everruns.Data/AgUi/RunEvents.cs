using System.Text.Json;

namespace Everruns.Data.AgUi;

/// <summary>RUN_STARTED: opens a run.</summary>
public sealed record RunStartedEvent(string ThreadId, string RunId) : AgUiEvent(AgUiEventTypes.RunStarted)
{
    /// <summary>The run that spawned this one, when an agent runs another agent as a separate run.</summary>
    public string? ParentRunId { get; init; }

    /// <summary>The <c>RunAgentInput</c> the run was started from, echoed for consumers that did not send it.</summary>
    public JsonElement? Input { get; init => field = JsonValues.PresentOrNull(value); }

    /// <summary>The protocol version this producer speaks, e.g. "1.0".</summary>
    public string? ProtocolVersion { get; init; }
}

/// <summary>RUN_FINISHED: closes a run that did not fail. Everything the run opened must be closed first.</summary>
public sealed record RunFinishedEvent(string ThreadId, string RunId) : AgUiEvent(AgUiEventTypes.RunFinished)
{
    /// <summary>The run's return value, if it has one.</summary>
    public JsonElement? Result { get; init => field = JsonValues.PresentOrNull(value); }

    /// <summary>How the run ended; absent means success.</summary>
    public RunFinishedOutcome? Outcome { get; init; }

    /// <summary>Token usage of the run, one entry per provider and model.</summary>
    public IReadOnlyList<AgUiTokenUsage>? Usage { get; init; }
}

/// <summary>RUN_ERROR: ends a run that failed. Ends whatever was still open along with the run.</summary>
public sealed record RunErrorEvent(string Message) : AgUiEvent(AgUiEventTypes.RunError)
{
    /// <summary>A machine-readable error code; an open string.</summary>
    public string? Code { get; init; }

    /// <summary>Token usage accrued before the failure.</summary>
    public IReadOnlyList<AgUiTokenUsage>? Usage { get; init; }
}
