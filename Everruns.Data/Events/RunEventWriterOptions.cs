namespace Everruns.Data.Events;

public sealed class RunEventWriterOptions
{
    public const string Section = "Events";

    /// <summary>
    /// How long events gather before one batched write. Token deltas of a run within the window become one event;
    /// the events of all runs become one INSERT. The window bounds the delivery latency it adds.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(25);

    public int MaxBatchSize { get; set; } = 5000;
}
