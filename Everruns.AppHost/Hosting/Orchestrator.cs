using System.Diagnostics;
using Everruns.AppHost.Output;

namespace Everruns.AppHost.Hosting;

/// <summary>
/// Starts the resources, each once those it waits for are healthy; prints where they are once all are; watches them
/// (a crash is shown, and restarted with <c>--restart</c>); and on Ctrl+C or SIGTERM stops them all, dependents
/// before what they depend on. A resource that fails while the stack starts stops it all.
/// </summary>
internal sealed class Orchestrator(ConsoleOutput output, bool restartCrashed = false, string telemetry = "none")
{
    private readonly List<Resource> _resources = [];

    public IReadOnlyList<Resource> Resources => _resources;

    public T Add<T>(T resource)
        where T : Resource
    {
        if (_resources.Any(existing => existing.Name == resource.Name))
        {
            throw new ArgumentException($"A resource named '{resource.Name}' was already added.", nameof(resource));
        }

        if (resource.WaitsFor.FirstOrDefault(dependency => !_resources.Contains(dependency)) is { } missing)
        {
            throw new ArgumentException($"{resource.Name} waits for {missing.Name}, which must be added before it.", nameof(resource));
        }

        resource.Attach(output);
        _resources.Add(resource);
        return resource;
    }

    /// <summary>Runs until stopped; returns the process exit code: 0 when asked to stop, 1 when the stack could not start.</summary>
    public async Task<int> RunAsync(CancellationToken stopRequested = default)
    {
        if (_resources.Select(resource => resource.Preflight()).OfType<string>().FirstOrDefault() is { } problem)
        {
            output.Error(problem);
            return 1;
        }

        output.Track(_resources);
        using var shutdown = new ShutdownSignal();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(shutdown.Token, stopRequested);
        var exitCode = await StartAllAsync(stop.Token) ? await RunUntilStoppedAsync(stop.Token)
            : stop.IsCancellationRequested ? Stopping()
            : 1;

        await StopAllAsync();
        return exitCode;
    }

    private async Task<int> RunUntilStoppedAsync(CancellationToken stop)
    {
        output.Ready(telemetry, DateTime.Now - Process.GetCurrentProcess().StartTime);
        var watchers = _resources
            .Select(resource => new Supervisor(resource, output, restartCrashed).RunAsync(stop))
            .Append(HealthMonitor.RunAsync(_resources, stop))
            .ToList();
        await Task.WhenAll(watchers);
        return Stopping();
    }

    private int Stopping()
    {
        output.Notice("Stopping (Ctrl+C or SIGTERM received).");
        return 0;
    }

    /// <summary>True once every resource is healthy; false when one failed (it is reported) or a stop was requested.</summary>
    private async Task<bool> StartAllAsync(CancellationToken stop)
    {
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var crashed = new TaskCompletionSource<Resource>(TaskCreationOptions.RunContinuationsAsynchronously);
        var launches = new Dictionary<Resource, Task>();
        foreach (var resource in _resources)
        {
            launches[resource] = LaunchAfterDependenciesAsync(resource, launches, crashed, startup);
        }

        var all = Task.WhenAll(launches.Values);
        if (await Task.WhenAny(all, crashed.Task) == crashed.Task)
        {
            var resource = await crashed.Task;
            var exitCode = await resource.Exited;
            resource.SetState(ResourceState.Failed, $"exit code {exitCode}");
            output.Failed(resource, $"exited unexpectedly with exit code {exitCode} while the others were starting.", withLastLines: true);
            await startup.CancelAsync();
        }

        await all.ContinueWith(_ => { }, TaskScheduler.Default);
        crashed.TrySetCanceled();
        return all.IsCompletedSuccessfully && !stop.IsCancellationRequested && _resources.All(resource => resource.State == ResourceState.Running);
    }

    private async Task LaunchAfterDependenciesAsync(
        Resource resource, Dictionary<Resource, Task> launches, TaskCompletionSource<Resource> crashed, CancellationTokenSource startup)
    {
        await ReportingFailureAsync(resource, () => resource.PrepareAsync(startup.Token), startup);

        var dependencies = Task.WhenAll(resource.WaitsFor.Select(dependency => launches[dependency]));
        if (!dependencies.IsCompleted)
        {
            resource.SetState(ResourceState.Waiting, "for " + string.Join(", ", resource.WaitsFor.Select(dependency => dependency.Name)));
        }

        await dependencies;
        startup.Token.ThrowIfCancellationRequested();
        await ReportingFailureAsync(resource, () => ResourceLauncher.LaunchAsync(resource, startup.Token), startup);
        _ = ReportExitDuringStartupAsync(resource, resource.Exited, crashed);
    }

    /// <summary>Runs a step of the resource's start; if it fails, reports why and cancels the whole start-up.</summary>
    private async Task ReportingFailureAsync(Resource resource, Func<Task> step, CancellationTokenSource startup)
    {
        try
        {
            await step();
        }
        catch (Exception e) when (!startup.IsCancellationRequested)
        {
            resource.SetState(ResourceState.Failed, e is ResourceExitedException exited ? $"exit code {exited.ExitCode}" : null);
            output.Failed(resource, e.Message, withLastLines: e is ResourceExitedException or TimeoutException);
            await startup.CancelAsync();
            throw;
        }
    }

    private static async Task ReportExitDuringStartupAsync(Resource resource, Task<int> exited, TaskCompletionSource<Resource> crashed)
    {
        await exited;
        crashed.TrySetResult(resource);
    }

    private async Task StopAllAsync()
    {
        foreach (var resource in Enumerable.Reverse(_resources))
        {
            var running = resource.State is not (ResourceState.Waiting or ResourceState.Failed or ResourceState.Stopped);
            if (running)
            {
                resource.SetState(ResourceState.Stopping);
            }

            try
            {
                await resource.StopAsync();
            }
            catch (Exception e)
            {
                output.Error($"Stopping {resource.Name} failed: {e.Message}");
            }

            if (running)
            {
                resource.SetState(ResourceState.Stopped);
            }
        }
    }
}
