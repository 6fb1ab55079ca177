using Everruns.Data.Agents;

namespace Everruns.Api.Contracts;

public sealed record CreateAgentRequest(
    string Name,
    string? Description = null,
    string? DefaultModelId = null,
    AgentDefinition? Definition = null);

/// <summary>Fields left out (or null) stay as they are; <c>definition</c> is replaced as a whole.</summary>
public sealed record UpdateAgentRequest(
    string? Name = null,
    string? Description = null,
    string? DefaultModelId = null,
    AgentDefinition? Definition = null,
    AgentStatus? Status = null);

public sealed record AgentResponse(
    Guid Id,
    string Name,
    string? Description,
    string DefaultModelId,
    AgentDefinition Definition,
    AgentStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static AgentResponse From(Agent agent) => new(
        agent.Id,
        agent.Name,
        agent.Description,
        agent.DefaultModelId,
        // Tool, MCP credential and webhook secrets are write-only.
        agent.Definition with
        {
            Tools = [.. agent.Definition.Tools.Select(WriteOnlyValues.Hide)],
            CompletionWebhook = agent.Definition.CompletionWebhook is { } webhook ? webhook with { Secret = null } : null,
        },
        agent.Status,
        agent.CreatedAt,
        agent.UpdatedAt);
}
