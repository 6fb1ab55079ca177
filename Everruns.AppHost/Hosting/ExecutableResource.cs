using System.Diagnostics;
using Everruns.AppHost.Processes;

namespace Everruns.AppHost.Hosting;

/// <summary>A resource that is a child process, optionally with an HTTP endpoint and a health check on it.</summary>
internal class ExecutableResource(string name, ProcessCommand command) : Resource(name)
{
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(15);

    private readonly Dictionary<string, Func<string>> _environment = new(StringComparer.Ordinal);
    private readonly List<(string Label, string Path)> _urls = [];
    private string? _healthPath;
    private ChildProcess? _process;

    protected int? HttpPort { get; private set; }

    public override IEnumerable<(string Label, string Value)> Details =>
        _urls.Select(url => (url.Label, Endpoint + url.Path));

    /// <summary>Sets an environment variable, computed when the process starts (after what it waits for is ready).</summary>
    public ExecutableResource WithEnvironment(string variable, Func<string> value)
    {
        _environment[variable] = value;
        return this;
    }

    public ExecutableResource WithEnvironment(string variable, string value) => WithEnvironment(variable, () => value);

    public virtual ExecutableResource WithHttpEndpoint(int port)
    {
        HttpPort = port;
        Endpoint = $"http://localhost:{port}";
        return this;
    }

    /// <summary>The resource is healthy once <paramref name="path"/> on its endpoint answers 200.</summary>
    public ExecutableResource WithHttpHealthCheck(string path)
    {
        _healthPath = path;
        return this;
    }

    /// <summary>A link shown in the summary table, relative to the endpoint.</summary>
    public ExecutableResource WithUrl(string label, string path = "")
    {
        _urls.Add((label, path));
        return this;
    }

    public override string? Preflight() =>
        HttpPort is { } port && FreePort.IsInUse(port)
            ? $"Port {port} for {Name} is already in use. Stop what listens there, or choose another port (--{Name}-port <port>)."
            : null;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var environment = _environment.ToDictionary(pair => pair.Key, pair => (string?)pair.Value(), StringComparer.Ordinal);
        _process = ChildProcess.Start(command with { Environment = environment }, Log);
        ProcessId = _process.Id;
        WatchExit(_process.Exited);
        SetState(ResourceState.Running);

        if (_healthPath is not null && Endpoint is not null)
        {
            await WaitUntilHealthyAsync(new Uri(new Uri(Endpoint), _healthPath), cancellationToken);
        }
    }

    public override Task StopAsync() => _process?.StopAsync(ShutdownGrace) ?? Task.CompletedTask;

    /// <summary>Polls until the health URL answers 200. An exit of the process meanwhile is seen by the orchestrator.</summary>
    private static async Task WaitUntilHealthyAsync(Uri health, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(health, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet, or too slow to answer.
            }

            if (elapsed.Elapsed > HealthTimeout)
            {
                throw new TimeoutException($"{health} did not answer 200 within {HealthTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(250, cancellationToken);
        }
    }
}
