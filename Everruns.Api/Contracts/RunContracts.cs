using Everruns.Data.Runs;
using Everruns.Data.Webhooks;

namespace Everruns.Api.Contracts;

/// <summary>
/// <c>agent_id</c> may be left out when the thread belongs to an agent. <c>webhook</c>: called when the run ends (or
/// waits for approval), instead of the agent's <c>completion_webhook</c>; its secret is write-only.
/// </summary>
public sealed record CreateRunRequest(Guid ThreadId, Guid? AgentId = null, CompletionWebhook? Webhook = null);

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
