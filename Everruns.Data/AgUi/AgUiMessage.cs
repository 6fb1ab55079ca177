using System.Text.Json.Serialization;

namespace Everruns.Data.AgUi;

/// <summary>
/// A conversation message as AG-UI carries it (in MESSAGES_SNAPSHOT and <c>RunAgentInput</c>), one shape
/// for every role. Content is text only: multimodal user content (an array of parts) is not supported.
/// </summary>
public sealed record AgUiMessage(string Id, string Role)
{
    public string? Content { get; init; }

    /// <summary>An optional display name for the author.</summary>
    public string? Name { get; init; }

    /// <summary>Assistant messages: the tool calls this turn made.</summary>
    public IReadOnlyList<AgUiToolCall>? ToolCalls { get; init; }

    /// <summary>Tool messages: the call this message answers.</summary>
    public string? ToolCallId { get; init; }

    /// <summary>Tool messages: why the tool failed, alongside whatever content it returned.</summary>
    public string? Error { get; init; }
}

/// <summary>A tool call an assistant message made; AG-UI models only function calls.</summary>
public sealed record AgUiToolCall(string Id, AgUiFunctionCall Function)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = "function";
}

/// <summary>The name and arguments (a JSON document, kept as text) of a tool call.</summary>
public sealed record AgUiFunctionCall(string Name, string Arguments);
