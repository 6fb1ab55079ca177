using Everruns.Data.AgUi;

namespace Everruns.Data.Events;

/// <summary>Merges consecutive text and tool-argument deltas of the same message or call into one event.</summary>
internal static class EventCoalescer
{
    public static List<AgUiEvent> Coalesce(IEnumerable<AgUiEvent> events)
    {
        var result = new List<AgUiEvent>();
        foreach (var next in events)
        {
            if (result.Count > 0 && TryMerge(result[^1], next, out var merged))
            {
                result[^1] = merged;
            }
            else
            {
                result.Add(next);
            }
        }

        return result;
    }

    private static bool TryMerge(AgUiEvent previous, AgUiEvent next, out AgUiEvent merged)
    {
        merged = previous;
        switch (previous, next)
        {
            case (TextMessageContentEvent a, TextMessageContentEvent b) when a.MessageId == b.MessageId:
                merged = new TextMessageContentEvent(a.MessageId, a.Delta + b.Delta) { Timestamp = a.Timestamp };
                return true;
            case (ToolCallArgsEvent a, ToolCallArgsEvent b) when a.ToolCallId == b.ToolCallId:
                merged = new ToolCallArgsEvent(a.ToolCallId, a.Delta + b.Delta) { Timestamp = a.Timestamp };
                return true;
            default:
                return false;
        }
    }
}
