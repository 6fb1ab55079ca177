using Everruns.Data.Runs;

namespace Everruns.Worker.Runners.InProcess;

/// <summary>
/// Runs execute in this process (and its peers): a run this process's executor has room for is stored claimed by it
/// and handed over in memory, any other waits in the runs table for an executor to claim it.
/// </summary>
public sealed class InProcessRunExecution(RunStore runs, RunQueue queue, InProcessRunExecutor executor) : IRunExecution
{
    public async Task<RunCreation> StartAsync(NewRun run, CancellationToken cancellationToken)
    {
        var claim = executor.Offer();
        var creation = await runs.CreateAsync(run, claim, cancellationToken);
        if (claim is not null && creation is RunCreation.Created { Context: { } context } created)
        {
            executor.Take(created.Run, context);
        }

        return creation;
    }

    public async Task<RunCancellation> CancelAsync(Guid runId, CancellationToken cancellationToken)
    {
        var cancellation = await runs.RequestCancelAsync(runId, cancellationToken);
        if (cancellation is not RunCancellation.Done done)
        {
            return cancellation;
        }

        if (done.Run.Status == RunStatus.Running)
        {
            // This process stops it at once if it executes it; any other executor hears of it.
            if (!executor.Cancel(runId))
            {
                await queue.AnnounceCancelAsync(runId, cancellationToken);
            }

            return cancellation;
        }

        // Nobody executes it: this process takes it to write its end, whatever room its executor has.
        return await executor.EndCancelledAsync(runId, cancellationToken)
            ? new RunCancellation.Done((await runs.GetAsync(runId, cancellationToken))!)
            : cancellation;
    }

    public Task ApprovalAnsweredAsync(Guid runId, CancellationToken cancellationToken) =>
        // Executors claim a waiting run once none of its approvals is pending; wake them.
        queue.AnnounceAsync(runId, cancellationToken);
}
