using System.Text.Json;
using Everruns.Data.Agents;
using Everruns.Data.Threads;
using Everruns.Worker.Models;
using Microsoft.Extensions.AI;

namespace Everruns.Worker.Execution;

/// <summary>Turns an agent and a thread into what its model is asked.</summary>
public static class ConversationBuilder
{
    public static IReadOnlyList<ChatMessage> Messages(RunTurn turn) =>
        AgentChatOptions.WithSystemPrompt(turn.Agent.Definition, [.. ClientContext(turn), .. turn.Messages.Select(ToChatMessage)]);

    /// <summary>The context an AG-UI client sent with the run, as one system message.</summary>
    private static IEnumerable<ChatMessage> ClientContext(RunTurn turn)
    {
        if (turn.Run.Input?.Context is not { Count: > 0 } context)
        {
            yield break;
        }

        var lines = context.Select(item => $"- {item.Description}: {item.Value}");
        yield return new ChatMessage(ChatRole.System, "Context from the client:\n" + string.Join("\n", lines));
    }

    public static ChatOptions Options(RunTurn turn, ModelId model)
    {
        var options = AgentChatOptions.From(turn.Agent.Definition with { Tools = turn.Tools });
        options.ModelId = model.Model;
        return options;
    }

    private static ChatMessage ToChatMessage(Message message) => message.Role switch
    {
        MessageRole.System => new ChatMessage(ChatRole.System, message.Content),
        MessageRole.User => new ChatMessage(ChatRole.User, message.Content),
        MessageRole.Assistant => Assistant(message),
        MessageRole.Tool => new ChatMessage(ChatRole.Tool, [new FunctionResultContent(message.ToolCallId ?? "", message.Content)]),
        _ => throw new InvalidOperationException($"Unknown role {message.Role}."),
    };

    private static ChatMessage Assistant(Message message)
    {
        var contents = new List<AIContent>();
        if (message.Content.Length > 0)
        {
            contents.Add(new TextContent(message.Content));
        }

        foreach (var call in ToolCalls.Read(message))
        {
            var arguments = call.Arguments.ValueKind == JsonValueKind.Object
                ? call.Arguments.Deserialize<Dictionary<string, object?>>()
                : null;
            contents.Add(new FunctionCallContent(call.Id, call.Name, arguments));
        }

        return new ChatMessage(ChatRole.Assistant, contents);
    }
}
