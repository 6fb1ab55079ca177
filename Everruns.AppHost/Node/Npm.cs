using Everruns.AppHost.Processes;

namespace Everruns.AppHost.Node;

/// <summary>npm commands, run through cmd.exe on Windows where npm is a script.</summary>
internal static class Npm
{
    public static ProcessCommand Command(string workingDirectory, params string[] arguments) =>
        (OperatingSystem.IsWindows()
            ? new ProcessCommand("cmd.exe", ["/c", "npm", .. arguments])
            : new ProcessCommand("npm", arguments)) with
        { WorkingDirectory = workingDirectory };

    public static bool IsInstalled => ExecutableSearch.Find(OperatingSystem.IsWindows() ? "npm.cmd" : "npm") is not null;
}
