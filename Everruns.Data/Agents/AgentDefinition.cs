using Everruns.Data.Webhooks;

namespace Everruns.Data.Agents;

/// <summary>What an agent is: its instructions, model settings and tools. Stored as jsonb.</summary>
public sealed record AgentDefinition
{
    public string? SystemPrompt { get; init; }

    public double? Temperature { get; init; }

    public int? MaxTokens { get; init; }

    public IReadOnlyList<ToolDefinition> Tools { get; init; } = [];

    /// <summary>Called when each of the agent's runs ends, unless the run names a webhook of its own.</summary>
    public CompletionWebhook? CompletionWebhook { get; init; }

    public AgentBudget? Budget { get; init; }
}
