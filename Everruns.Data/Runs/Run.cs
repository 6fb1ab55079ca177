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

    /// <summary>The thread id an AG-UI client knows this run's thread by, when it started the run.</summary>
    public string? ExternalThreadId { get; init; }

    /// <summary>The run id the AG-UI client gave the current turn of this run.</summary>
    public string? ExternalRunId { get; init; }

    /// <summary>What an AG-UI client sent with the run: its tools, context, state and forwarded props.</summary>
    public RunInput? Input { get; init; }

    public string EventThreadId => ExternalThreadId ?? ThreadId.ToString();

    public string EventRunId => ExternalRunId ?? Id.ToString();
}
