using Everruns.AppHost.Processes;

namespace Everruns.AppHost.Hosting;

/// <summary>
/// One named part of the application the AppHost runs, in the manner of Aspire's resource model: it has a state,
/// an endpoint, and the resources it waits for before it starts.
/// </summary>
internal abstract class Resource(string name)
{
    private readonly List<Resource> _waitsFor = [];
    private readonly LogTail _tail = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ConsoleOutput? _output;

    public string Name { get; } = name;

    public ResourceState State { get; private set; } = ResourceState.Starting;

    public string? Endpoint { get; protected set; }

    public int? ProcessId { get; protected set; }

    public IReadOnlyList<Resource> WaitsFor => _waitsFor;

    /// <summary>Labelled values shown in the table printed once everything runs.</summary>
    public virtual IEnumerable<(string Label, string Value)> Details => [];

    /// <summary>Completes with the exit code when the resource's process exits after it started, for whatever reason.</summary>
    public Task<int> Exited => _exited.Task;

    public string FormatLastLines() => _tail.Format();

    /// <summary>A reason this resource cannot start, found before anything starts; null when it can.</summary>
    public virtual string? Preflight() => null;

    /// <summary>Starts the resource and returns once it is ready to be used by the resources that wait for it.</summary>
    public abstract Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops what was started, gracefully first; does nothing if nothing runs.</summary>
    public abstract Task StopAsync();

    internal void AddWaitFor(Resource dependency) => _waitsFor.Add(dependency);

    internal void Attach(ConsoleOutput output) => _output = output;

    internal void SetState(ResourceState state)
    {
        State = state;
        _output?.StateChanged(this);
    }

    protected void Log(string line)
    {
        _tail.Add(line);
        _output?.ResourceLine(Name, line);
    }

    protected void WatchExit(Task<int> processExit) => _ = ForwardExitAsync(processExit);

    private async Task ForwardExitAsync(Task<int> processExit) => _exited.TrySetResult(await processExit);
}
