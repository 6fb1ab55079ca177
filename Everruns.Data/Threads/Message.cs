using System.Text.Json;

namespace Everruns.Data.Threads;

public enum MessageRole
{
    System,
    User,
    Assistant,
    Tool,
}

public sealed record Message(
    Guid Id,
    Guid ThreadId,
    Guid? RunId,
    MessageRole Role,
    string Content,
    JsonElement? ToolCalls,
    string? ToolCallId,
    DateTimeOffset CreatedAt)
{
    /// <summary>The id the client that sent the message gave it (an AG-UI message id), if any.</summary>
    public string? ExternalId { get; init; }

    /// <summary>An answer that stopped where its run was cancelled: it holds what the model had streamed by then.</summary>
    public bool CutShort { get; init; }

    /// <summary>The id clients know the message by: theirs when they gave it one.</summary>
    public string ClientId => ExternalId ?? Id.ToString();
}
