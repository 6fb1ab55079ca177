using Everruns.Data.AgUi;
using Everruns.Data.Threads;

namespace Everruns.Worker.Execution;

/// <summary>
/// The stored conversation as an AG-UI MESSAGES_SNAPSHOT. A model answer that broke off is not stored, but its text
/// was streamed; the snapshot that follows it tells a client which messages the conversation really has, so the
/// broken-off text is not shown beside the answer that replaces it.
/// </summary>
public static class ConversationSnapshot
{
    public static MessagesSnapshotEvent Of(IReadOnlyList<Message> messages) => new([.. messages.Select(ToAgUi)]);

    /// <summary>
    /// The answers streamed in the current AG-UI run of <paramref name="events"/> (since its RUN_STARTED or the last
    /// snapshot) that are not among the stored <paramref name="messages"/>.
    /// </summary>
    public static IReadOnlyList<string> Discarded(IEnumerable<AgUiEvent> events, IReadOnlyList<Message> messages)
    {
        var streamed = new List<string>();
        foreach (var @event in events)
        {
            switch (@event)
            {
                case RunStartedEvent or MessagesSnapshotEvent:
                    streamed.Clear();
                    break;
                case TextMessageStartEvent start:
                    streamed.Add(start.MessageId);
                    break;
                case ToolCallStartEvent { ParentMessageId: { } parent }:
                    streamed.Add(parent);
                    break;
            }
        }

        var stored = messages.Select(message => message.ClientId).ToHashSet(StringComparer.Ordinal);
        return [.. streamed.Distinct().Where(id => !stored.Contains(id))];
    }

    private static AgUiMessage ToAgUi(Message message) => message.Role switch
    {
        MessageRole.Assistant => new AgUiMessage(message.ClientId, "assistant")
        {
            Content = message.Content,
            ToolCalls = ToolCalls.Read(message) is { Count: > 0 } calls
                ? [.. calls.Select(call => new AgUiToolCall(call.Id, new AgUiFunctionCall(call.Name, call.Arguments.GetRawText())))]
                : null,
        },
        MessageRole.Tool => new AgUiMessage(message.ClientId, "tool") { Content = message.Content, ToolCallId = message.ToolCallId },
        MessageRole.System => new AgUiMessage(message.ClientId, "system") { Content = message.Content },
        _ => new AgUiMessage(message.ClientId, "user") { Content = message.Content },
    };
}
