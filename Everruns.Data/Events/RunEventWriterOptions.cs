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

    /// <summary>
    /// How long the writer keeps trying while the database cannot be reached, before the runs it writes for stop (to
    /// be resumed). Within it, they go on where they are once the database is back.
    /// </summary>
    public TimeSpan OutageTolerance { get; set; } = TimeSpan.FromSeconds(60);
}
