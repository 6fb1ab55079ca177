using System.Text.Json;
using Everruns.Data.Agents;
using Everruns.Data.Threads;
using Microsoft.Extensions.AI;

namespace Everruns.Worker.Execution;

/// <summary>Turns an agent and a thread into what a model is asked: messages, settings and tool declarations.</summary>
public static class ConversationBuilder
{
    public static List<ChatMessage> Messages(Agent agent, IReadOnlyList<Message> messages)
    {
        var chat = new List<ChatMessage>();
        if (!string.IsNullOrWhiteSpace(agent.Definition.SystemPrompt))
        {
            chat.Add(new ChatMessage(ChatRole.System, agent.Definition.SystemPrompt));
        }

        foreach (var message in messages)
        {
            chat.Add(message.Role switch
            {
                MessageRole.System => new ChatMessage(ChatRole.System, message.Content),
                MessageRole.User => new ChatMessage(ChatRole.User, message.Content),
                MessageRole.Assistant => Assistant(message),
                MessageRole.Tool => new ChatMessage(ChatRole.Tool, [new FunctionResultContent(message.ToolCallId ?? "", message.Content)]),
                _ => throw new InvalidOperationException($"Unknown role {message.Role}."),
            });
        }

        return chat;
    }

    public static ChatOptions Options(Agent agent, ModelId model) => new()
    {
        ModelId = model.Model,
        Temperature = agent.Definition.Temperature is { } temperature ? (float)temperature : null,
        MaxOutputTokens = agent.Definition.MaxTokens,
        Tools = agent.Definition.Tools.Count == 0 ? null : [.. agent.Definition.Tools.Select(Declaration)],
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

    private static AITool Declaration(ToolDefinition tool)
    {
        var schema = tool.Parameters ?? JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement;
        return AIFunctionFactory.CreateDeclaration(tool.Name, tool.Description ?? "", schema);
    }
}
