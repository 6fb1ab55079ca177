using Everruns.Data.Runs;

namespace Everruns.Worker.Runners;

/// <summary>
/// Where runs execute: in this process, with the runs table as the queue, or on Temporal. One implementation is
/// chosen at registration (<see cref="AgentRunnerOptions.Mode"/>); the API starts, cancels and resumes runs only
/// through it, and the stores only persist.
/// </summary>
public interface IRunExecution
{
    /// <summary>
    /// Stores a run and sets it going. A client's result for a frontend tool comes as a message of the client's next
    /// AG-UI turn, which is a run started here too.
    /// </summary>
    Task<RunCreation> StartAsync(NewRun run, CancellationToken cancellationToken);

    /// <summary>
    /// Asks a run to stop. It ends cancelled, with its terminal event stored, as soon as whoever executes it has
    /// stopped it; a run nobody executes (pending, or waiting for an approval) is ended at once where that is possible.
    /// </summary>
    Task<RunCancellation> CancelAsync(Guid runId, CancellationToken cancellationToken);

    /// <summary>An approval of the run was answered, or expired: if it waits on no other, the run goes on.</summary>
    Task ApprovalAnsweredAsync(Guid runId, CancellationToken cancellationToken);
}
