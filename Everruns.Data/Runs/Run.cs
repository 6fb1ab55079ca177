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

/// <summary>
/// The legal changes of a run's status, which the database enforces (migration 0008), and the statements that make
/// them: a run is created pending (or running, claimed at once, by <see cref="RunStore.CreateAsync"/>); it becomes
/// running when an executor claims it (<see cref="RunQueue.ClaimAsync"/>) or its workflow takes it
/// (<see cref="RunQueue.AcquireForWorkflowAsync"/>); its turn ends waiting, completed, failed or cancelled in the same
/// write as the turn's last event (<see cref="Events.RunEventWriter.FinishAsync"/>). Nothing else changes it.
/// </summary>
public static class RunStatusTransitions
{
    public static bool IsLegal(RunStatus from, RunStatus to) => (from, to) switch
    {
        (RunStatus.Pending, RunStatus.Running) => true,
        (RunStatus.Running, RunStatus.Waiting or RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled) => true,
        (RunStatus.Waiting, RunStatus.Running) => true,
        _ => false,
    };
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
