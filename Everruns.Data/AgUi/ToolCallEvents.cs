namespace Everruns.Data.AgUi;

/// <summary>TOOL_CALL_START: opens a tool call whose arguments follow as TOOL_CALL_ARGS.</summary>
public sealed record ToolCallStartEvent(string ToolCallId, string ToolCallName) : AgUiEvent(AgUiEventTypes.ToolCallStart)
{
    /// <summary>The assistant message that holds this call.</summary>
    public string? ParentMessageId { get; init; }
}

/// <summary>TOOL_CALL_ARGS: a fragment of an open tool call's JSON arguments (may be empty).</summary>
public sealed record ToolCallArgsEvent(string ToolCallId, string Delta) : AgUiEvent(AgUiEventTypes.ToolCallArgs);

/// <summary>TOOL_CALL_END: the tool call's arguments are complete.</summary>
public sealed record ToolCallEndEvent(string ToolCallId) : AgUiEvent(AgUiEventTypes.ToolCallEnd);

/// <summary>TOOL_CALL_RESULT: what the tool returned; becomes a tool message with its own id.</summary>
public sealed record ToolCallResultEvent(string MessageId, string ToolCallId, string Content)
    : AgUiEvent(AgUiEventTypes.ToolCallResult)
{
    /// <summary>Always "tool" when present; producers may leave it out.</summary>
    public string? Role
    {
        get;
        init => field = value is null or AgUiRoles.Tool
            ? value
            : throw new ArgumentException($"A tool call result's role is '{AgUiRoles.Tool}', not '{value}'.", nameof(Role));
    }
}
