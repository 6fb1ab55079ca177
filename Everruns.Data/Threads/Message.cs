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
    DateTimeOffset CreatedAt);
