using Everruns.Data.Runs;

namespace Everruns.Api.Contracts;

/// <summary><c>agent_id</c> may be left out when the thread belongs to an agent.</summary>
public sealed record CreateRunRequest(Guid ThreadId, Guid? AgentId = null)
{
    /// <summary>What the request asks for, as an Idempotency-Key is bound to it: the same for the same request only.</summary>
    public byte[] Fingerprint() =>
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"thread_id={ThreadId:D};agent_id={AgentId:D}"));
}

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
