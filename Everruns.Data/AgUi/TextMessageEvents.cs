namespace Everruns.Data.AgUi;

/// <summary>TEXT_MESSAGE_START: opens a streamed text message.</summary>
public sealed record TextMessageStartEvent : AgUiEvent
{
    public TextMessageStartEvent(string messageId, string role = AgUiRoles.Assistant)
        : base(AgUiEventTypes.TextMessageStart)
    {
        MessageId = messageId;
        Role = role;
    }

    public string MessageId { get; init; }

    /// <summary>One of developer, system, assistant, user; "tool" is carried by TOOL_CALL_RESULT instead.</summary>
    public string Role
    {
        get;
        init => field = AgUiRoles.IsTextMessageRole(value)
            ? value
            : throw new ArgumentException($"'{value}' is not a text message role.", nameof(Role));
    }
}

/// <summary>TEXT_MESSAGE_CONTENT: appends a fragment to an open text message.</summary>
public sealed record TextMessageContentEvent : AgUiEvent
{
    public TextMessageContentEvent(string messageId, string delta)
        : base(AgUiEventTypes.TextMessageContent)
    {
        MessageId = messageId;
        Delta = delta;
    }

    public string MessageId { get; init; }

    /// <summary>
    /// Never empty: published <c>@ag-ui/core</c> schemas reject an empty delta, which aborts the
    /// client's run, so empty fragments must be dropped (or coalesced) before they become events.
    /// </summary>
    public string Delta
    {
        get;
        init => field = !string.IsNullOrEmpty(value)
            ? value
            : throw new ArgumentException("A text message delta must not be empty.", nameof(Delta));
    }
}

/// <summary>TEXT_MESSAGE_END: closes an open text message.</summary>
public sealed record TextMessageEndEvent(string MessageId) : AgUiEvent(AgUiEventTypes.TextMessageEnd);
