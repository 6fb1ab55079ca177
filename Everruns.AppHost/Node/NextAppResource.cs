using System.Globalization;
using Everruns.AppHost.Hosting;
using Everruns.AppHost.Processes;

namespace Everruns.AppHost.Node;

/// <summary>
/// A Next.js app: <c>npm ci</c> when its dependencies are missing or stale, <c>npm run build</c> when its build is
/// older than its sources, then <c>npm run start -- -p &lt;port&gt;</c>, on the loopback interface like the API.
/// </summary>
internal sealed class NextAppResource : ExecutableResource
{
    private readonly string _appDirectory;
    private readonly NodeAppFreshness _freshness;

    public NextAppResource(string name, string appDirectory, int port)
        : base(name, Npm.Command(appDirectory, "run", "start", "--", "-p", port.ToString(CultureInfo.InvariantCulture), "-H", "127.0.0.1"))
    {
        _appDirectory = appDirectory;
        _freshness = new NodeAppFreshness(appDirectory);
        WithHttpEndpoint(port, $"--{name}-port");
        WithEnvironment("PORT", port.ToString(CultureInfo.InvariantCulture));
        WithEnvironment("NEXT_TELEMETRY_DISABLED", "1");
    }

    public override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (!Npm.IsInstalled)
        {
            throw new InvalidOperationException(
                $"The {Name} needs Node.js 20.9 or newer with npm, which is not on PATH: install Node.js, or start with --no-ui.");
        }

        if (_freshness.NeedsInstall)
        {
            var install = File.Exists(_freshness.LockFile) ? "ci" : "install";
            Progress($"npm {install}");
            await CommandRunner.RunAsync(Npm.Command(_appDirectory, install, "--no-audit", "--no-fund"), Log, cancellationToken);
            _freshness.MarkInstalled();
        }

        if (_freshness.NeedsBuild)
        {
            Progress("npm run build");
            await CommandRunner.RunAsync(
                Npm.Command(_appDirectory, "run", "build") with { Environment = new Dictionary<string, string?> { ["NEXT_TELEMETRY_DISABLED"] = "1" } },
                Log,
                cancellationToken);
        }
    }
}
