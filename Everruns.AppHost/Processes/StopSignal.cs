namespace Everruns.AppHost.Processes;

/// <summary>The signal that asks a child to stop, by number for kill(2) and by name for the watchdog script.</summary>
internal sealed record StopSignal(int Number, string Name)
{
    /// <summary>What Ctrl+C sends; PostgreSQL's fast shutdown.</summary>
    public static readonly StopSignal Interrupt = new(Posix.SigInt, "INT");

    public static readonly StopSignal Terminate = new(Posix.SigTerm, "TERM");
}
