using Microsoft.Extensions.Diagnostics.HealthChecks;
using Temporalio.Client;

namespace Everruns.Worker.Temporal;

/// <summary>Healthy while the Temporal frontend answers its health check over the worker's connection.</summary>
public sealed class TemporalHealthCheck(ITemporalClient client, TemporalOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var serving = await client.Connection.CheckHealthAsync(
                options: new RpcOptions { Timeout = TimeSpan.FromSeconds(3), CancellationToken = cancellationToken });
            return serving
                ? HealthCheckResult.Healthy($"Temporal at {options.Address} is serving.")
                : HealthCheckResult.Unhealthy($"Temporal at {options.Address} is not serving.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"Temporal at {options.Address} cannot be reached.", e);
        }
    }
}
