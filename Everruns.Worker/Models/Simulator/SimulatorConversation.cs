using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Everruns.Worker.Models;

/// <summary>What the simulator reads from a conversation: the last user message, pending tool results, a stable key, the prompt size.</summary>
internal sealed record SimulatorConversation(
    string LastUserText,
    IReadOnlyList<ToolResult> ToolResults,
    string Key,
    int MessageCount,
    long InputTokens)
{
    /// <summary>The conversation ends with tool results, so the model's turn is to answer from them.</summary>
    public bool AnswersToolResults => ToolResults.Count > 0;

    public static SimulatorConversation Read(IReadOnlyList<ChatMessage> messages, string modelName)
    {
        var key = new StringBuilder(modelName);
        long words = 0;
        var toolNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            key.Append('\n').Append(message.Role.Value).Append(':');
            foreach (var content in message.Contents)
            {
                var described = Describe(content);
                key.Append(described).Append('\u001f');
                words += SimulatorTokenizer.CountWords(described);
                if (content is FunctionCallContent call)
                {
                    toolNames[call.CallId] = call.Name;
                }
            }
        }

        var lastUser = messages.LastOrDefault(m => m.Role == ChatRole.User);
        return new SimulatorConversation(
            lastUser?.Text ?? string.Empty,
            TrailingToolResults(messages, toolNames),
            StableHash.Hex(key.ToString(), 32),
            messages.Count,
            Math.Max(1, words));
    }

    private static List<ToolResult> TrailingToolResults(IReadOnlyList<ChatMessage> messages, Dictionary<string, string> toolNames)
    {
        var results = new List<ToolResult>();
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            var found = messages[i].Contents.OfType<FunctionResultContent>().ToList();
            if (messages[i].Role != ChatRole.Tool && found.Count == 0)
            {
                break;
            }

            results.InsertRange(0, found.Select(r => new ToolResult(toolNames.GetValueOrDefault(r.CallId, "a tool"), ResultText(r.Result))));
        }

        return results;
    }

    private static string Describe(AIContent content) => content switch
    {
        TextContent text => text.Text,
        FunctionCallContent call => $"call {call.CallId} {call.Name} {JsonSerializer.Serialize(call.Arguments, SimulatorJson.Options)}",
        FunctionResultContent result => $"result {result.CallId} {ResultText(result.Result)}",
        _ => content.GetType().Name,
    };

    private static string ResultText(object? result) => result switch
    {
        null => "nothing",
        string text => text,
        JsonElement element => element.ValueKind == JsonValueKind.String ? element.GetString() ?? string.Empty : element.GetRawText(),
        _ => JsonSerializer.Serialize(result, SimulatorJson.Options),
    };
}

internal sealed record ToolResult(string ToolName, string Text);
