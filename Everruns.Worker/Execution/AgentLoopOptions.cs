namespace Everruns.Worker.Execution;

public sealed class AgentLoopOptions
{
    public const string Section = "AgentRunner";

    /// <summary>At most this many model calls in one run; reaching it ends the run with an error.</summary>
    public int MaxIterations { get; set; } = 10;

    /// <summary>How long a tool call waits for approval before it counts as denied; null waits for ever.</summary>
    public TimeSpan? ApprovalTimeout { get; set; } = TimeSpan.FromHours(24);
}
