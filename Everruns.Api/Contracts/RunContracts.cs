using Everruns.Data.Runs;

namespace Everruns.Api.Contracts;

/// <summary><c>agent_id</c> may be left out when the thread belongs to an agent.</summary>
public sealed record CreateRunRequest(Guid ThreadId, Guid? AgentId = null);

public sealed record TokenUsage(long InputTokens, long OutputTokens, long TotalTokens);

public sealed record RunResponse(
    Guid Id,
    Guid AgentId,
    Guid ThreadId,
    RunStatus Status,
    int Attempt,
    bool CancelRequested,
    string? Error,
    TokenUsage Usage,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt)
{
    public static RunResponse From(Run run) => new(
        run.Id, run.AgentId, run.ThreadId, run.Status, run.Attempt, run.CancelRequested, run.Error,
        new TokenUsage(run.InputTokens, run.OutputTokens, run.TotalTokens),
        run.CreatedAt, run.StartedAt, run.FinishedAt);
}
