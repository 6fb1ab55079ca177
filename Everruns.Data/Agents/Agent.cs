namespace Everruns.Data.Agents;

public enum AgentStatus
{
    Active,
    Archived,
}

public sealed record Agent(
    Guid Id,
    string Name,
    string? Description,
    string DefaultModelId,
    AgentDefinition Definition,
    AgentStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
