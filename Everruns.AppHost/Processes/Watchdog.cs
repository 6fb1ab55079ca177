namespace Everruns.AppHost.Processes;

/// <summary>
/// Runs every child in a session of its own, behind a watchdog that ends it when the AppHost is gone.
/// </summary>
/// <remarks>
/// The watchdog is a background bash subshell reading the child's stdin, a pipe whose write end only the AppHost
/// holds: the kernel closes that end however the AppHost dies (SIGKILL included), the read sees end of file, and
/// the watchdog sends the stop signal to the child's process group, then SIGKILL after a grace period.
/// PR_SET_PDEATHSIG would be simpler, but it fires when the forking *thread* exits, which .NET's thread pool makes
/// unpredictable. The wrapper execs the command in place, so the child keeps the process id we started, and that id
/// is also its process group (setsid), which Ctrl+C in the terminal does not reach: the AppHost stops its children
/// itself, in order.
/// </remarks>
internal static class Watchdog
{
    private const string SetSid = "/usr/bin/setsid";
    private const string Bash = "/bin/bash";

    // Arguments: stop signal, grace in seconds, "-" to signal the process group or "" for the process alone, command.
    // fd 3 carries stdin into the subshell, because bash gives background jobs /dev/null as stdin.
    private const string Script = """
        signal=$1 grace=$2 target=$3; shift 3
        exec 3<&0
        (
          trap '' INT TERM HUP
          while read -r _; do :; done
          kill -s "$signal" -- "$target$$" 2>/dev/null
          for ((i = 0; i < grace * 10; i++)); do kill -0 $$ 2>/dev/null || break; sleep 0.1; done
          kill -s KILL -- "$target$$" 2>/dev/null
        ) <&3 >/dev/null 2>&1 &
        exec 3<&- "$@" </dev/null
        """;

    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    public static bool IsAvailable => !OperatingSystem.IsWindows() && File.Exists(Bash);

    /// <summary>Whether the wrapped child leads a process group of its own, which can then be signalled as a whole.</summary>
    public static bool LeadsProcessGroup => IsAvailable && File.Exists(SetSid);

    /// <summary>The command, run by the watchdog, which sends <paramref name="stopSignal"/> when the AppHost is gone.</summary>
    public static ProcessCommand Wrap(ProcessCommand command, string stopSignal)
    {
        if (!IsAvailable)
        {
            return command;
        }

        var wrapped = command.WrappedBy(
            Bash, "-c", Script, "watchdog", stopSignal, ((int)Grace.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), LeadsProcessGroup ? "-" : string.Empty);
        return LeadsProcessGroup ? wrapped.WrappedBy(SetSid) : wrapped;
    }
}
