using System.Text.Json;
using Everruns.Data.Json;
using Everruns.Data.Threads;

namespace Everruns.Api.Contracts;

public sealed record CreateThreadRequest(Guid? AgentId = null, string? Title = null, JsonElement? Metadata = null);

public sealed record ThreadResponse(
    Guid Id,
    Guid? AgentId,
    string? Title,
    JsonElement Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<MessageResponse>? Messages = null)
{
    public static ThreadResponse From(AgentThread thread, IReadOnlyList<Message>? messages = null) => new(
        thread.Id,
        thread.AgentId,
        thread.Title,
        thread.Metadata,
        thread.CreatedAt,
        thread.UpdatedAt,
        messages?.Select(MessageResponse.From).ToList());
}

public sealed record CreateMessageRequest(MessageRole Role, string Content);

/// <param name="CutShort">
/// True for an assistant answer whose run was cancelled while the model streamed it: the content is what had been
/// streamed by then, and the next run's model sees it as it is.
/// </param>
public sealed record MessageResponse(
    Guid Id,
    Guid ThreadId,
    Guid? RunId,
    MessageRole Role,
    string Content,
    IReadOnlyList<ToolCallResponse>? ToolCalls,
    string? ToolCallId,
    bool CutShort,
    DateTimeOffset CreatedAt)
{
    public static MessageResponse From(Message message) => new(
        message.Id, message.ThreadId, message.RunId, message.Role, message.Content,
        ToolCallResponse.ListOf(message.ToolCalls), message.ToolCallId, message.CutShort, message.CreatedAt);
}

/// <summary>A tool call an assistant message asked for: its id, the tool's name and the arguments (a JSON object).</summary>
public sealed record ToolCallResponse(string Id, string Name, JsonElement Arguments)
{
    public static IReadOnlyList<ToolCallResponse>? ListOf(JsonElement? stored) =>
        stored is { ValueKind: JsonValueKind.Array } calls ? calls.Deserialize<List<ToolCallResponse>>(EverrunsJson.Storage) : null;
}
