namespace Everruns.AppHost.Hosting;

/// <summary>Asks every running resource for its health every few seconds, so that the table shows it as it changes.</summary>
internal static class HealthMonitor
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(IReadOnlyList<Resource> resources, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                foreach (var resource in resources.Where(resource => resource.State == ResourceState.Running))
                {
                    if (resource.HealthProbe is { } probe)
                    {
                        var healthy = await probe.IsHealthyAsync(stop);
                        if (resource.State == ResourceState.Running)
                        {
                            resource.SetHealth(healthy ? HealthStatus.Healthy : HealthStatus.Unhealthy);
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping everything.
        }
    }
}
