namespace Everruns.Worker.Models;

/// <summary>The cues found in the last user message, and that message with the cues taken out.</summary>
internal sealed record SimulatorCues(
    string Text,
    IReadOnlyList<ToolCallCue> ToolCalls,
    int? LongTokens,
    int? DelayMs,
    ErrorCue? Error,
    FailMidStreamCue? FailMidStream)
{
    public static readonly SimulatorCues None = new(string.Empty, [], null, null, null, null);
}

/// <summary><c>[tool:NAME {args}]</c>.</summary>
internal sealed record ToolCallCue(string Name, IDictionary<string, object?> Arguments, string ArgumentsJson);

/// <summary><c>[error:STATUS(:RETRY_AFTER_SECONDS)(:once)]</c>.</summary>
internal sealed record ErrorCue(int Status, int? RetryAfterSeconds, bool Once);

/// <summary><c>[fail-mid-stream(:AFTER_TOKENS)(:once)]</c>.</summary>
internal sealed record FailMidStreamCue(int? AfterTokens, bool Once);
