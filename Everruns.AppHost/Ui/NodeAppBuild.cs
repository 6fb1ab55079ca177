using Everruns.Hosting.Processes;

namespace Everruns.AppHost.Ui;

/// <summary>Installs a Next.js app's dependencies and builds it, each only when it is not up to date.</summary>
internal static class NodeAppBuild
{
    public static async Task EnsureFreshAsync(string appDirectory, Action<string> log, CancellationToken cancellationToken)
    {
        var freshness = new NodeAppFreshness(appDirectory);
        if (freshness.NeedsInstall)
        {
            var install = File.Exists(freshness.LockFile) ? "ci" : "install";
            log($"npm {install} (node_modules is missing or older than package-lock.json)");
            await CommandRunner.RunAsync(Npm(appDirectory, install, "--no-audit", "--no-fund"), log, cancellationToken);
        }

        if (freshness.NeedsBuild)
        {
            log("npm run build (the build is missing or older than the sources)");
            await CommandRunner.RunAsync(
                Npm(appDirectory, "run", "build") with { Environment = new Dictionary<string, string?> { ["NEXT_TELEMETRY_DISABLED"] = "1" } },
                log,
                cancellationToken);
        }
    }

    private static ProcessCommand Npm(string workingDirectory, params string[] arguments) =>
        (OperatingSystem.IsWindows()
            ? new ProcessCommand("cmd.exe", ["/c", "npm", .. arguments])
            : new ProcessCommand("npm", arguments)) with
        { WorkingDirectory = workingDirectory };
}
