using System.Text;
using Everruns.Data.AgUi;
using Everruns.Data.Threads;

namespace Everruns.Worker.Execution;

/// <summary>
/// An answer a model was streaming when its run was cancelled: the id it was streamed with (it is stored under the
/// same id, so that clients find it again) and the text streamed by then. It is read from the run's stored events,
/// which are what clients were shown, so that whichever process ends the run (the executor, a Temporal activity, a
/// peer after a crash) keeps the same text.
/// </summary>
public sealed record CutShortAnswer(Guid MessageId, string Text)
{
    /// <summary>
    /// The answers of the current AG-UI run of <paramref name="events"/> (since its RUN_STARTED, or the snapshot that
    /// last said which answers the conversation has) whose text was streamed and that the thread does not hold.
    /// Nothing is cut short in a turn that has ended.
    /// </summary>
    public static IReadOnlyList<CutShortAnswer> In(IEnumerable<AgUiEvent> events, IReadOnlyList<Message> messages)
    {
        var streamed = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var @event in events)
        {
            switch (@event)
            {
                case RunStartedEvent or MessagesSnapshotEvent or RunFinishedEvent or RunErrorEvent:
                    streamed.Clear();
                    order.Clear();
                    break;
                case TextMessageContentEvent content:
                    if (!streamed.TryGetValue(content.MessageId, out var text))
                    {
                        streamed[content.MessageId] = text = new StringBuilder();
                        order.Add(content.MessageId);
                    }

                    text.Append(content.Delta);
                    break;
            }
        }

        var stored = messages.Select(message => message.ClientId).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. order
                .Where(id => !stored.Contains(id) && streamed[id].Length > 0)
                .Select(id => new CutShortAnswer(Guid.TryParse(id, out var guid) ? guid : Guid.CreateVersion7(), streamed[id].ToString())),
        ];
    }
}
