namespace Everruns.AppHost.Hosting;

/// <summary>
/// Starts the resources (each once those it waits for are ready), reports where they are, and stops them all,
/// last started first, on Ctrl+C or SIGTERM, or as soon as one of them exits by itself.
/// </summary>
internal sealed class Orchestrator(ConsoleOutput output, string telemetry)
{
    private readonly List<Resource> _resources = [];
    private readonly Lock _failureLock = new();

    public T Add<T>(T resource)
        where T : Resource
    {
        if (_resources.Any(existing => existing.Name == resource.Name))
        {
            throw new ArgumentException($"A resource named '{resource.Name}' was already added.", nameof(resource));
        }

        resource.Attach(output);
        _resources.Add(resource);
        return resource;
    }

    /// <summary>Runs until stopped; returns the process exit code: 0 when asked to stop, 1 when something failed.</summary>
    public async Task<int> RunAsync()
    {
        if (_resources.Select(resource => resource.Preflight()).OfType<string>().FirstOrDefault() is { } problem)
        {
            output.Error(problem);
            return 1;
        }

        using var shutdown = new ShutdownSignal();
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(shutdown.Token);
        var started = StartAllAsync(startup.Token);
        var exited = FirstExitAsync();

        var exitCode = await Task.WhenAny(started, exited) == exited
            ? await FailOnExitAsync(await exited, startup, started)
            : started.IsCompletedSuccessfully ? await RunUntilStoppedAsync(shutdown.Token, exited)
            : shutdown.Token.IsCancellationRequested ? Stopping()
            : 1;

        await StopAllAsync();
        return exitCode;
    }

    private async Task<int> RunUntilStoppedAsync(CancellationToken shutdown, Task<Resource> exited)
    {
        output.Summary(_resources, telemetry);
        var stopRequested = Task.Delay(Timeout.Infinite, shutdown);
        if (await Task.WhenAny(stopRequested, exited) == exited)
        {
            ReportExit(await exited);
            return 1;
        }

        return Stopping();
    }

    private int Stopping()
    {
        output.Info("Stopping (Ctrl+C or SIGTERM received).");
        return 0;
    }

    private async Task<int> FailOnExitAsync(Resource resource, CancellationTokenSource startup, Task started)
    {
        ReportExit(resource);
        await startup.CancelAsync();
        await started.ContinueWith(_ => { }, TaskScheduler.Default);
        return 1;
    }

    private Task StartAllAsync(CancellationToken cancellationToken)
    {
        var ready = new Dictionary<Resource, Task>();
        foreach (var resource in _resources)
        {
            ready[resource] = StartAfterDependenciesAsync(resource, ready, cancellationToken);
        }

        return Task.WhenAll(ready.Values);
    }

    private async Task StartAfterDependenciesAsync(Resource resource, Dictionary<Resource, Task> ready, CancellationToken cancellationToken)
    {
        var dependencies = resource.WaitsFor.Select(dependency => ready.TryGetValue(dependency, out var task)
            ? task
            : throw new InvalidOperationException($"{resource.Name} waits for {dependency.Name}, which was not added before it."));
        await Task.WhenAll(dependencies.ToList());
        cancellationToken.ThrowIfCancellationRequested();

        resource.SetState(ResourceState.Starting);
        try
        {
            await resource.StartAsync(cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            ReportFailure(resource, e.Message, withLastLines: false);
            throw;
        }

        resource.SetState(ResourceState.Healthy);
    }

    private Task<Resource> FirstExitAsync() =>
        Task.WhenAny(_resources.Select(async resource =>
        {
            await resource.Exited;
            return resource;
        })).Unwrap();

    private void ReportExit(Resource resource) =>
        ReportFailure(resource, $"exited unexpectedly with exit code {resource.Exited.Result}.", withLastLines: true);

    private void ReportFailure(Resource resource, string reason, bool withLastLines)
    {
        lock (_failureLock)
        {
            if (resource.State == ResourceState.Failed)
            {
                return;
            }

            resource.SetState(ResourceState.Failed);
            output.Failed(resource, reason, withLastLines);
        }
    }

    private async Task StopAllAsync()
    {
        foreach (var resource in Enumerable.Reverse(_resources))
        {
            try
            {
                await resource.StopAsync();
            }
            catch (Exception e)
            {
                output.Error($"Stopping {resource.Name} failed: {e.Message}");
            }

            if (resource.State is ResourceState.Running or ResourceState.Healthy)
            {
                resource.SetState(ResourceState.Stopped);
            }
        }
    }
}
