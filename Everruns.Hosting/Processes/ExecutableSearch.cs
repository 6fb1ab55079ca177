namespace Everruns.Hosting.Processes;

internal static class ExecutableSearch
{
    /// <summary>The full path of <paramref name="name"/> in a folder of PATH, or null when it is in none.</summary>
    public static string? Find(string name, string? path = null)
    {
        path ??= Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string file)
    {
        if (!File.Exists(file))
        {
            return false;
        }

        return OperatingSystem.IsWindows()
            || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }
}
