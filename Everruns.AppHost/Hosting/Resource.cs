using Everruns.AppHost.Health;
using Everruns.AppHost.Processes;

namespace Everruns.AppHost.Hosting;

/// <summary>
/// One named part of the application the AppHost runs, in the manner of Aspire's resource model: it has a state,
/// a health, an endpoint, and the resources it waits for before it starts.
/// </summary>
internal abstract class Resource(string name)
{
    private static readonly Task<int> NeverExits = new TaskCompletionSource<int>().Task;

    private readonly List<Resource> _waitsFor = [];
    private readonly LogTail _tail = new();
    private IResourceObserver? _observer;

    public string Name { get; } = name;

    public ResourceState State { get; private set; } = ResourceState.Waiting;

    /// <summary>What the state is about, e.g. "npm ci" while starting, or "exit code 3" once failed.</summary>
    public string? StateDetail { get; private set; }

    public HealthStatus Health { get; private set; }

    /// <summary>Where it is reached, shown in the table.</summary>
    public string? Endpoint { get; protected set; }

    public int? ProcessId { get; protected set; }

    public int Restarts { get; private set; }

    public IReadOnlyList<Resource> WaitsFor => _waitsFor;

    /// <summary>Labelled addresses, printed once everything runs.</summary>
    public virtual IEnumerable<(string Label, string Value)> Details => [];

    /// <summary>Ready once this answers; a resource without one is ready once started.</summary>
    public virtual IHealthProbe? HealthProbe => null;

    /// <summary>How long it may take from start to healthy.</summary>
    public virtual TimeSpan HealthTimeout => TimeSpan.FromMinutes(2);

    /// <summary>Completes with the exit code when the current process exits, for whatever reason.</summary>
    public Task<int> Exited { get; private set; } = NeverExits;

    public string FormatLastLines() => _tail.Format();

    /// <summary>A reason this resource cannot start, found before anything starts; null when it can.</summary>
    public virtual string? Preflight() => null;

    /// <summary>
    /// What can be done before the resources it waits for are ready (an install, a build): run at once, in parallel
    /// with the rest of the start-up, and once only.
    /// </summary>
    public virtual Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Starts the resource (again, after a crash) and returns once its process runs.</summary>
    public abstract Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops what was started, gracefully first; does nothing if nothing runs.</summary>
    public abstract Task StopAsync();

    internal void AddWaitFor(Resource dependency) => _waitsFor.Add(dependency);

    internal void Attach(IResourceObserver observer) => _observer = observer;

    internal void SetState(ResourceState state, string? detail = null)
    {
        if (State == state && StateDetail == detail)
        {
            return;
        }

        State = state;
        StateDetail = detail;
        if (state is not ResourceState.Running)
        {
            Health = HealthStatus.Unknown;
        }

        _observer?.Changed(this);
    }

    /// <summary>Running and healthy, in one change.</summary>
    internal void SetRunningAndHealthy()
    {
        State = ResourceState.Running;
        StateDetail = null;
        Health = HealthStatus.Healthy;
        _observer?.Changed(this);
    }

    internal void SetHealth(HealthStatus health)
    {
        if (Health != health)
        {
            Health = health;
            _observer?.Changed(this);
        }
    }

    internal void CountRestart()
    {
        Restarts++;
        _observer?.Changed(this);
    }

    /// <summary>Shows what a starting resource is busy with.</summary>
    protected void Progress(string detail) => SetState(ResourceState.Starting, detail);

    protected void Log(string line)
    {
        _tail.Add(line);
        _observer?.Log(this, line);
    }

    protected void WatchExit(Task<int> processExit) => Exited = processExit;
}
