using Everruns.Data.Approvals;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Everruns.Worker.Runners;

/// <summary>
/// Expires approvals nobody answered in time, in both modes; a run waiting only on expired ones goes on (the calls
/// count as denied), as after any other answer.
/// </summary>
public sealed class ApprovalExpiryService(ToolApprovalStore approvals, IRunExecution execution, ILogger<ApprovalExpiryService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var runs = await approvals.ExpireOverdueAsync(stoppingToken);
                foreach (var runId in runs)
                {
                    logger.LogInformation("Approvals of run {RunId} expired", runId);
                    await execution.ApprovalAnsweredAsync(runId, stoppingToken);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Expiring approvals failed; trying again");
            }
        }
    }
}
