using Everruns.Data.Runs;

namespace Everruns.Data.Events;

/// <summary>How a run's turn ends in the store: its new status and, for a failure, the error.</summary>
public sealed record RunCompletion
{
    public RunCompletion(RunStatus status, string? error = null)
    {
        if (!status.IsTerminal() && status != RunStatus.Waiting)
        {
            throw new ArgumentException($"{status} does not end a run's turn.", nameof(status));
        }

        Status = status;
        Error = error;
    }

    public RunStatus Status { get; }

    public string? Error { get; }
}
