using System.Diagnostics;
using Everruns.Hosting.Processes;

namespace Everruns.Hosting.Postgres;

/// <summary>Deals with a <c>postmaster.pid</c> left in the data directory by an earlier run that did not stop cleanly.</summary>
internal static class StalePostmaster
{
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Call with the data directory lock held: a postgres still running there then belongs to no live launcher
    /// and is stopped. A dead one needs nothing, postgres replaces its stale file itself.
    /// </summary>
    public static async Task ClearAsync(string dataDirectory, Action<string> log, CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile)
            || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid)
            || pid <= 0
            || !Posix.Exists(pid))
        {
            return;
        }

        if (!Posix.IsAlive(pid) || !IsPostgres(pid))
        {
            // A zombie, or an unrelated process that got the id (ids restart after a reboot or in a new
            // container): postgres would take either for a running server and refuse to start.
            log($"Removing a stale postmaster.pid (process {pid} is not a running PostgreSQL).");
            File.Delete(pidFile);
            return;
        }

        log($"Stopping PostgreSQL (pid {pid}) left running on {dataDirectory} by an earlier run.");
        Posix.Signal(pid, Posix.SigInt);
        if (!await WaitForExitAsync(pid, ShutdownGrace, cancellationToken))
        {
            Posix.Signal(pid, Posix.SigKill);
            await WaitForExitAsync(pid, ShutdownGrace, cancellationToken);
        }

        if (File.Exists(pidFile) && Posix.Exists(pid))
        {
            // Killed but not yet reaped by its new parent: postgres would still see it as a running server.
            File.Delete(pidFile);
        }
    }

    private static bool IsPostgres(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.ProcessName.StartsWith("postgres", StringComparison.OrdinalIgnoreCase);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<bool> WaitForExitAsync(int pid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (Posix.IsAlive(pid))
        {
            if (deadline.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(100, cancellationToken);
        }

        return true;
    }
}
