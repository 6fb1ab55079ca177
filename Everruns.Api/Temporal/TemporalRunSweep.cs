using Everruns.Data.Runs;
using Microsoft.Extensions.Options;

namespace Everruns.Api.Temporal;

/// <summary>
/// Catches up with Temporal now and then, for what could not be told to it at once (it was down, or this process
/// died in between): starts the workflows of pending runs, cancels those of runs whose cancel was asked for, and
/// resumes those whose approvals are decided.
/// </summary>
public sealed class TemporalRunSweep(
    TemporalRunExecution execution,
    RunQueue queue,
    IOptions<TemporalDispatchOptions> options,
    TimeProvider time,
    ILogger<TemporalRunSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepOnceAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Sweeping for runs to tell Temporal about failed; trying again");
            }

            await Task.Delay(options.Value.SweepInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task SweepOnceAsync(CancellationToken stoppingToken)
    {
        foreach (var runId in await queue.ListPendingAsync(time.GetUtcNow() - options.Value.PendingGrace, 500, stoppingToken))
        {
            await execution.StartWorkflowAsync(runId, stoppingToken);
        }

        foreach (var runId in await queue.ListCancelRequestedAsync(500, stoppingToken))
        {
            await execution.CancelWorkflowAsync(runId, stoppingToken);
        }

        foreach (var runId in await queue.ListDecidedAsync(500, stoppingToken))
        {
            await execution.ResumeWorkflowAsync(runId, stoppingToken);
        }
    }
}
