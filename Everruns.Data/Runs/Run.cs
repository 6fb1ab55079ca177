namespace Everruns.Data.Runs;

public enum RunStatus
{
    Pending,
    Running,
    Waiting,
    Completed,
    Failed,
    Cancelled,
}

public static class RunStatusExtensions
{
    public static bool IsTerminal(this RunStatus status) =>
        status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled;
}

public sealed record Run(
    Guid Id,
    Guid AgentId,
    Guid ThreadId,
    RunStatus Status,
    int Attempt,
    bool CancelRequested,
    string? Error,
    long InputTokens,
    long OutputTokens,
    string? IdempotencyKey,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset UpdatedAt)
{
    public long TotalTokens => InputTokens + OutputTokens;
}
