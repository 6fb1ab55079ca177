namespace Everruns.Data.Events;

public sealed class RunEventWriterOptions
{
    public const string Section = "Events";

    /// <summary>
    /// The shortest time between two batched writes while several runs stream (the events of a run streaming alone
    /// are stored at once). Events gather for the window: token deltas of a run become one event and the events of
    /// all runs one INSERT. The window bounds the delivery latency batching adds.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(25);

    public int MaxBatchSize { get; set; } = 5000;
}
