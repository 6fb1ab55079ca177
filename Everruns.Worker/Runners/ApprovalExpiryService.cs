using Everruns.Data.Approvals;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Everruns.Worker.Runners;

/// <summary>Expires approvals nobody answered in time; a run waiting only on expired ones goes on (the calls count as denied).</summary>
public sealed class ApprovalExpiryService(ToolApprovalStore approvals, ILogger<ApprovalExpiryService> logger) : BackgroundService
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
                if (runs > 0)
                {
                    logger.LogInformation("Approvals of {Runs} run(s) expired", runs);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Expiring approvals failed; trying again");
            }
        }
    }
}
