using System.Text.Json;
using Everruns.Data.Agents;
using Everruns.Data.Threads;
using Everruns.Worker.Models;
using Microsoft.Extensions.AI;

namespace Everruns.Worker.Execution;

/// <summary>Turns an agent and a thread into what its model is asked.</summary>
public static class ConversationBuilder
{
    public static IReadOnlyList<ChatMessage> Messages(Agent agent, IReadOnlyList<Message> messages) =>
        AgentChatOptions.WithSystemPrompt(agent.Definition, messages.Select(ToChatMessage));

    public static ChatOptions Options(Agent agent, ModelId model)
    {
        var options = AgentChatOptions.From(agent.Definition);
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
