using Everruns.Data.AgUi;

namespace Everruns.Tests.Scenarios;

/// <summary>
/// The messages a client ends up with when it applies a run's events the way the official <c>@ag-ui/client</c> does
/// (its default event handling): a text message starts by id and takes its deltas, a tool call joins the assistant
/// message named as its parent, a tool result is a message of its own, and MESSAGES_SNAPSHOT keeps only the messages
/// it lists. What a user of such a client is shown.
/// </summary>
public static class AgUiClientView
{
    public sealed record ViewMessage(string Id, string Role)
    {
        public string Content { get; set; } = "";

        public List<string> ToolCallIds { get; } = [];
    }

    public static IReadOnlyList<ViewMessage> Apply(IEnumerable<AgUiEvent> events)
    {
        var messages = new List<ViewMessage>();
        foreach (var @event in events)
        {
            switch (@event)
            {
                case TextMessageStartEvent start when messages.All(m => m.Id != start.MessageId):
                    messages.Add(new ViewMessage(start.MessageId, "assistant"));
                    break;
                case TextMessageContentEvent content when messages.FirstOrDefault(m => m.Id == content.MessageId) is { } message:
                    message.Content += content.Delta;
                    break;
                case ToolCallStartEvent call:
                    var parent = messages.FirstOrDefault(m => m.Id == call.ParentMessageId && m.Role == "assistant");
                    if (parent is null)
                    {
                        parent = new ViewMessage(call.ParentMessageId ?? call.ToolCallId, "assistant");
                        messages.Add(parent);
                    }

                    parent.ToolCallIds.Add(call.ToolCallId);
                    break;
                case ToolCallResultEvent result:
                    messages.Add(new ViewMessage(result.MessageId, "tool") { Content = result.Content });
                    break;
                case MessagesSnapshotEvent snapshot:
                    var listed = snapshot.Messages.ToDictionary(m => m.Id);
                    messages = [.. messages.Where(m => listed.ContainsKey(m.Id)).Select(m => FromSnapshot(listed[m.Id]))];
                    messages.AddRange(snapshot.Messages.Where(m => messages.All(known => known.Id != m.Id)).Select(FromSnapshot));
                    break;
            }
        }

        return messages;
    }

    private static ViewMessage FromSnapshot(AgUiMessage message)
    {
        var view = new ViewMessage(message.Id, message.Role) { Content = message.Content ?? "" };
        view.ToolCallIds.AddRange(message.ToolCalls?.Select(call => call.Id) ?? []);
        return view;
    }
}
