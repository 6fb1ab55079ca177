namespace Everruns.Hosting.Processes;

/// <summary>The signal that asks a child to stop.</summary>
internal sealed record StopSignal(int Number)
{
    /// <summary>What Ctrl+C sends; PostgreSQL's fast shutdown.</summary>
    public static readonly StopSignal Interrupt = new(Posix.SigInt);

    public static readonly StopSignal Terminate = new(Posix.SigTerm);
}
