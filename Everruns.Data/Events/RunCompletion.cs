using Everruns.Data.Runs;

namespace Everruns.Data.Events;

/// <summary>How a run's turn ends in the store: its new status and, for a failure, the error and its code.</summary>
public sealed record RunCompletion
{
    public RunCompletion(RunStatus status, string? error = null, string? errorCode = null)
    {
        if (!status.IsTerminal() && status != RunStatus.Waiting)
        {
            throw new ArgumentException($"{status} does not end a run's turn.", nameof(status));
        }

        Status = status;
        Error = error;
        ErrorCode = errorCode;
    }

    public RunStatus Status { get; }

    public string? Error { get; }

    /// <summary>The code of the run's RUN_ERROR; it goes to the run's completion webhook, not to the run's row.</summary>
    public string? ErrorCode { get; }
}
