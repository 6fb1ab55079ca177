using Microsoft.Extensions.AI;

namespace Everruns.Worker.Models;

/// <summary>What one simulated model turn streams, one content per streamed token or tool call.</summary>
internal sealed record SimulatorReply(IReadOnlyList<AIContent> Contents, long OutputTokens, ChatFinishReason FinishReason)
{
    public static SimulatorReply Plan(SimulatorConversation conversation, SimulatorCues cues, int? maxOutputTokens)
    {
        if (!conversation.AnswersToolResults && cues.ToolCalls.Count > 0)
        {
            return ToolCalls(conversation, cues.ToolCalls);
        }

        var seed = StableHash.Seed(conversation.Key);
        var tokens = conversation.AnswersToolResults ? SimulatorReplies.FromToolResults(conversation.ToolResults)
            : cues.LongTokens is { } count ? SimulatorReplies.Long(count, seed)
            : SimulatorReplies.Echo(cues.Text, seed);

        var finishReason = ChatFinishReason.Stop;
        if (maxOutputTokens is { } max && max > 0 && tokens.Count > max)
        {
            tokens = tokens[..max];
            finishReason = ChatFinishReason.Length;
        }

        return new SimulatorReply([.. tokens.Select(t => new TextContent(t))], tokens.Count, finishReason);
    }

    private static SimulatorReply ToolCalls(SimulatorConversation conversation, IReadOnlyList<ToolCallCue> cues)
    {
        var calls = new List<AIContent>(cues.Count);
        long tokens = 0;
        for (var index = 0; index < cues.Count; index++)
        {
            var cue = cues[index];
            // Stable across runs, yet distinct per turn of a thread and per call within a turn.
            var callId = "call_" + StableHash.Hex($"{conversation.MessageCount}|{conversation.LastUserText}|{index}|{cue.Name}");
            calls.Add(new FunctionCallContent(callId, cue.Name, new Dictionary<string, object?>(cue.Arguments)));
            tokens += SimulatorTokenizer.Split($"{cue.Name} {cue.ArgumentsJson}").Count;
        }

        return new SimulatorReply(calls, tokens, ChatFinishReason.ToolCalls);
    }
}
