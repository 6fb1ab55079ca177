using System.Diagnostics;
using Everruns.Hosting.Processes;

namespace Everruns.Hosting.Postgres;

/// <summary>
/// A fast shutdown (SIGINT) of the server running on a data directory, found by its <c>postmaster.pid</c>. The
/// SIGTERM an orchestrator sends is PostgreSQL's smart shutdown, which waits for every client to leave; an
/// orchestrator that stops the clients at the same moment and kills what is left after a few seconds would leave a
/// server that needs crash recovery at the next start.
/// </summary>
internal static class PostmasterShutdown
{
    public static async Task StopAsync(string dataDirectory, TimeSpan timeout)
    {
        if (!OperatingSystem.IsLinux() || PostmasterStatus.ProcessId(dataDirectory) is not { } pid || !Posix.IsAlive(pid))
        {
            return;
        }

        Posix.Signal(pid, Posix.SigInt);
        var elapsed = Stopwatch.StartNew();
        while (Posix.IsAlive(pid) && elapsed.Elapsed < timeout)
        {
            await Task.Delay(100);
        }
    }
}
