using System.Text.Json;
using Everruns.Data.Threads;

namespace Everruns.Data.Events;

/// <summary>
/// A message a step of a run writes on the run's thread (a model's answer, with the tokens it cost, or a tool's
/// result), stored by the event writer in the same write as the run's events before it.
/// </summary>
public sealed record RunMessage(Guid Id, Guid ThreadId, MessageRole Role, string Content)
{
    public JsonElement? ToolCalls { get; init; }

    public string? ToolCallId { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public static RunMessage Answer(Guid id, Guid threadId, string content, JsonElement? toolCalls, long inputTokens, long outputTokens) =>
        new(id, threadId, MessageRole.Assistant, content) { ToolCalls = toolCalls, InputTokens = inputTokens, OutputTokens = outputTokens };

    public static RunMessage ToolResult(Guid id, Guid threadId, string toolCallId, string content) =>
        new(id, threadId, MessageRole.Tool, content) { ToolCallId = toolCallId };
}
