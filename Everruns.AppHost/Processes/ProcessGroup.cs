namespace Everruns.AppHost.Processes;

internal static class ProcessGroup
{
    private const string SetSid = "/usr/bin/setsid";

    /// <summary>
    /// Runs a long-lived child in a session of its own, so that Ctrl+C in the terminal reaches only the AppHost,
    /// which then stops its children in order (the API before the database it uses). setsid execs in place,
    /// so the child keeps the process id we started.
    /// </summary>
    public static ProcessCommand Detached(ProcessCommand command) =>
        OperatingSystem.IsLinux() && File.Exists(SetSid) ? command.WrappedBy(SetSid) : command;
}
