using System.Text.Json.Serialization;

namespace Everruns.Data.Agents;

/// <summary>
/// How many tokens an agent may use: per run, and per UTC day across all its runs. Counted from the token usage
/// stored with each model answer (input and output together). A limit left out is no limit.
/// </summary>
public sealed record AgentBudget
{
    public long? MaxTokensPerRun { get; init; }

    public long? MaxTokensPerDay { get; init; }

    [JsonIgnore]
    public bool IsEmpty => MaxTokensPerRun is null && MaxTokensPerDay is null;
}
