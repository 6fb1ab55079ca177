using System.Text.Json;
using Everruns.Data.Agents;
using Microsoft.Extensions.AI;

namespace Everruns.Worker.Models;

/// <summary>Turns an agent's definition into the <see cref="ChatOptions"/> of its model calls.</summary>
public static class AgentChatOptions
{
    private static readonly JsonElement EmptyObjectSchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();

    /// <summary>Temperature, output limit and tool declarations; the tools are declared only, the agent loop runs them.</summary>
    public static ChatOptions From(AgentDefinition definition) => new()
    {
        Temperature = definition.Temperature is { } temperature ? (float)temperature : null,
        MaxOutputTokens = definition.MaxTokens,
        Tools = definition.Tools.Count == 0
            ? null
            : [.. definition.Tools.Select(tool => AIFunctionFactory.CreateDeclaration(tool.Name, tool.Description, tool.Parameters ?? EmptyObjectSchema))],
    };

    /// <summary>The messages to send: the system prompt, when there is one, then the conversation.</summary>
    public static IReadOnlyList<ChatMessage> WithSystemPrompt(AgentDefinition definition, IEnumerable<ChatMessage> conversation) =>
        string.IsNullOrWhiteSpace(definition.SystemPrompt)
            ? [.. conversation]
            : [new ChatMessage(ChatRole.System, definition.SystemPrompt), .. conversation];
}
