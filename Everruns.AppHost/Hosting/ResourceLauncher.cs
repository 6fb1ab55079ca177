using System.Diagnostics;

namespace Everruns.AppHost.Hosting;

/// <summary>Starts a resource and waits until its health probe answers, the same way at start-up and on a restart.</summary>
internal static class ResourceLauncher
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);

    /// <exception cref="ResourceExitedException">The process exited before it was healthy.</exception>
    /// <exception cref="TimeoutException">It was not healthy within its <see cref="Resource.HealthTimeout"/>.</exception>
    public static async Task LaunchAsync(Resource resource, CancellationToken cancellationToken)
    {
        resource.SetState(ResourceState.Starting);
        await resource.StartAsync(cancellationToken);
        resource.SetState(ResourceState.Starting, resource.HealthProbe is null ? null : "waiting for health");
        await WaitUntilHealthyAsync(resource, cancellationToken);
        resource.SetRunningAndHealthy();
    }

    private static async Task WaitUntilHealthyAsync(Resource resource, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            if (resource.Exited.IsCompleted)
            {
                throw new ResourceExitedException(await resource.Exited);
            }

            if (resource.HealthProbe is not { } probe || await probe.IsHealthyAsync(cancellationToken))
            {
                return;
            }

            if (elapsed.Elapsed > resource.HealthTimeout)
            {
                throw new TimeoutException($"it was not healthy within {resource.HealthTimeout.TotalSeconds:0} s.");
            }

            await Task.WhenAny(resource.Exited, Task.Delay(ProbeInterval, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
