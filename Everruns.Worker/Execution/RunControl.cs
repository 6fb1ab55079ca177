namespace Everruns.Worker.Execution;

public enum StopReason
{
    None,

    /// <summary>Someone asked the run to stop: it ends cancelled.</summary>
    CancelRequested,

    /// <summary>Another executor holds the run now: this one lets go without a word.</summary>
    LeaseLost,

    /// <summary>This process is shutting down: the run is left to be resumed.</summary>
    Shutdown,
}

/// <summary>Stops one executing run, and says why.</summary>
public sealed class RunControl : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private int reason;

    public CancellationToken Token => source.Token;

    public StopReason Reason => (StopReason)Volatile.Read(ref reason);

    public void Stop(StopReason why)
    {
        Interlocked.CompareExchange(ref reason, (int)why, (int)StopReason.None);
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run ended in the meantime: there is nothing left to stop.
        }
    }

    public void Dispose() => source.Dispose();
}
