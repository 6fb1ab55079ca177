using System.Runtime.InteropServices;

namespace Everruns.Hosting.Processes;

/// <summary>The few POSIX calls .NET does not expose: sending a chosen signal and asking who we are.</summary>
internal static partial class Posix
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    private const int NoSuchProcess = 3; // ESRCH

    public static bool IsRoot => !OperatingSystem.IsWindows() && GetEffectiveUserId() == 0;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false if it could not be delivered.</summary>
    public static bool Signal(int pid, int signal) =>
        !OperatingSystem.IsWindows() && Kill(pid, signal) == 0;

    /// <summary>Whether a process with this id exists, also one we may not signal, and also a zombie.</summary>
    public static bool Exists(int pid) =>
        OperatingSystem.IsWindows() ? IsAlive(pid) : Kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() != NoSuchProcess;

    /// <summary>Whether a process with this id exists and has not yet exited (a zombie has).</summary>
    public static bool IsAlive(int pid)
    {
        if (OperatingSystem.IsWindows())
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        return Exists(pid) && !IsZombie(pid);
    }

    private static bool IsZombie(int pid)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            // /proc/<pid>/stat is "pid (comm) state ...", and comm may itself contain ") ".
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat.AsSpan(stat.LastIndexOf(')') + 1).TrimStart();
            return state.Length > 0 && state[0] == 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
