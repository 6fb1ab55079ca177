namespace Everruns.AppHost.Ui;

/// <summary>
/// Whether a Node.js app's dependencies and its Next.js build are up to date, by file times alone: cheap enough to
/// ask on every start, so that a warm start skips both.
/// </summary>
public sealed class NodeAppFreshness(string appDirectory)
{
    // npm writes this copy of the lock file into node_modules at the end of every install (npm ci included).
    private const string InstalledMarker = ".package-lock.json";

    private static readonly string[] SourceFolders = ["app", "src", "components", "lib", "public"];
    private static readonly string[] SourceFiles = ["package.json", "package-lock.json", "tsconfig.json"];

    public string LockFile => Path.Combine(appDirectory, "package-lock.json");

    private string NodeModules => Path.Combine(appDirectory, "node_modules");

    private string Marker => Path.Combine(NodeModules, InstalledMarker);

    private string BuildId => Path.Combine(appDirectory, ".next", "BUILD_ID");

    /// <summary>True when node_modules is missing, or the lock file changed since the last install.</summary>
    public bool NeedsInstall =>
        !Directory.Exists(NodeModules)
        || !File.Exists(Marker)
        || (File.Exists(LockFile) && File.GetLastWriteTimeUtc(LockFile) > File.GetLastWriteTimeUtc(Marker));

    /// <summary>True when there is no build, or a source is newer than it.</summary>
    public bool NeedsBuild => !File.Exists(BuildId) || NewestSource() > File.GetLastWriteTimeUtc(BuildId);

    private DateTime NewestSource()
    {
        var files = SourceFolders
            .Select(folder => Path.Combine(appDirectory, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Concat(SourceFiles.Select(file => Path.Combine(appDirectory, file)))
            .Concat(Directory.EnumerateFiles(appDirectory, "next.config.*"))
            .Where(File.Exists);
        return files.Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.MinValue).Max();
    }
}
