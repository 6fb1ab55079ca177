namespace Everruns.Worker.Runners.InProcess;

public sealed class InProcessRunnerOptions
{
    public const string Section = "AgentRunner";

    /// <summary>
    /// How long a claimed run stays ours without renewal. A run whose executor died is taken over as soon as its
    /// executor's liveness lock is gone; the lease only matters for an executor that is connected but renews nothing
    /// (see <see cref="SilentHolderTimeout"/>).
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many runs this process executes at once.</summary>
    public int MaxConcurrentRuns { get; set; } = 1000;

    /// <summary>How often the queue is checked when no notification came (runs whose executor died are found this way).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// After PostgreSQL restarts, how long executors have to take their liveness locks again before a run whose
    /// executor holds none counts as orphaned: a database outage must not make live executors lose their runs.
    /// </summary>
    public TimeSpan RestartGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a run's lease may have run out while its executor still holds its liveness lock before another executor
    /// takes the run: an executor that is connected but has renewed nothing for that long is taken to be hung.
    /// </summary>
    public TimeSpan SilentHolderTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
