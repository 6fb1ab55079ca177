namespace Everruns.Worker.Runners.InProcess;

public sealed class InProcessRunnerOptions
{
    public const string Section = "AgentRunner";

    /// <summary>How long a claimed run stays ours without renewal. A run whose executor died is resumed after this.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many runs this process executes at once.</summary>
    public int MaxConcurrentRuns { get; set; } = 1000;

    /// <summary>How often the queue is checked when no notification came (expired leases are found this way).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
