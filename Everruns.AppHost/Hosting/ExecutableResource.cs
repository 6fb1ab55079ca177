using System.Globalization;
using Everruns.AppHost.Health;
using Everruns.AppHost.Processes;

namespace Everruns.AppHost.Hosting;

/// <summary>A resource that is a child process, with its environment, ports and health check.</summary>
internal class ExecutableResource(string name, ProcessCommand command, StopSignal? stopSignal = null) : Resource(name)
{

    private readonly Dictionary<string, Func<string?>> _environment = new(StringComparer.Ordinal);
    private readonly List<(string Label, string Path)> _urls = [];
    private readonly List<(int Port, string Remedy)> _ports = [];
    private IHealthProbe? _healthProbe;
    private TimeSpan? _healthTimeout;
    private TimeSpan _shutdownGrace = TimeSpan.FromSeconds(15);
    private ChildProcess? _process;

    public override IHealthProbe? HealthProbe => _healthProbe;

    public override TimeSpan HealthTimeout => _healthTimeout ?? base.HealthTimeout;

    public override IEnumerable<(string Label, string Value)> Details =>
        _urls.Select(url => (url.Label, url.Path.Contains("://", StringComparison.Ordinal) ? url.Path : Endpoint + url.Path));

    /// <summary>Sets an environment variable, computed when the process starts (after what it waits for is ready); null leaves it unset.</summary>
    public ExecutableResource WithEnvironment(string variable, Func<string?> value)
    {
        _environment[variable] = value;
        return this;
    }

    public ExecutableResource WithEnvironment(string variable, string? value) => WithEnvironment(variable, () => value);

    /// <summary>Serves HTTP on localhost:<paramref name="port"/>, chosen with the command-line option <paramref name="option"/>.</summary>
    public virtual ExecutableResource WithHttpEndpoint(int port, string option)
    {
        Endpoint = string.Create(CultureInfo.InvariantCulture, $"http://localhost:{port}");
        return WithPort(port, option);
    }

    /// <summary>A port the process listens on, chosen with <paramref name="option"/>: checked to be free before anything starts.</summary>
    public ExecutableResource WithPort(int port, string option) => WithFixedPort(port, $"choose another port ({option} <port>)");

    /// <summary>A port that cannot be chosen; <paramref name="remedy"/> says what to do when it is taken.</summary>
    public ExecutableResource WithFixedPort(int port, string remedy)
    {
        _ports.Add((port, remedy));
        return this;
    }

    public ExecutableResource WithEndpoint(string endpoint)
    {
        Endpoint = endpoint;
        return this;
    }

    /// <summary>The resource is healthy once <paramref name="path"/> on its endpoint answers 200.</summary>
    public ExecutableResource WithHttpHealthCheck(string path)
    {
        var endpoint = Endpoint ?? throw new InvalidOperationException($"{Name} has no HTTP endpoint to check.");
        return WithHealthCheck(new HttpHealthProbe(new Uri(new Uri(endpoint), path)));
    }

    public ExecutableResource WithHealthCheck(IHealthProbe probe)
    {
        _healthProbe = probe;
        return this;
    }

    public ExecutableResource WithHealthTimeout(TimeSpan timeout)
    {
        _healthTimeout = timeout;
        return this;
    }

    /// <summary>How long the process may take to stop after its stop signal before it is killed.</summary>
    public ExecutableResource WithShutdownGrace(TimeSpan grace)
    {
        _shutdownGrace = grace;
        return this;
    }

    /// <summary>A link printed once everything runs: a path under the endpoint, or an absolute URL.</summary>
    public ExecutableResource WithUrl(string label, string pathOrUrl = "")
    {
        _urls.Add((label, pathOrUrl));
        return this;
    }

    public override string? Preflight() =>
        _ports.Where(port => FreePort.IsInUse(port.Port))
            .Select(port => $"Port {port.Port} for {Name} is already in use. Stop what listens there, or {port.Remedy}.")
            .FirstOrDefault();

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var environment = _environment
            .Select(pair => (pair.Key, Value: pair.Value()))
            .Where(pair => pair.Value is not null)
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        _process = ChildProcess.Start(command with { Environment = environment }, Log, stopSignal);
        ProcessId = _process.Id;
        WatchExit(_process.Exited);
        return Task.CompletedTask;
    }

    public override Task StopAsync() => _process?.StopAsync(_shutdownGrace) ?? Task.CompletedTask;
}
