using Everruns.Hosting.Processes;

namespace Everruns.AppHost;

/// <summary>
/// Whether a container engine answers, asked before a container resource is added: Aspire would otherwise wait
/// for an unhealthy engine forever, and everything that waits for the container with it.
/// </summary>
internal static class ContainerEngine
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <exception cref="AppHostSetupException">No engine answers.</exception>
    public static async Task EnsureRunningAsync(string purpose)
    {
        var engine = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME") is { Length: > 0 } chosen ? chosen : "docker";
        var missing = $"{purpose} needs a container engine, but `{engine} info` did not answer within {Timeout.TotalSeconds:0} s: "
            + "start Docker (or Podman, with ASPIRE_CONTAINER_RUNTIME=podman), or leave Postgres:Server at embedded.";
        if (ExecutableSearch.Find(engine) is null)
        {
            throw new AppHostSetupException(missing);
        }

        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            var exitCode = await CommandRunner.RunAsync(new ProcessCommand(engine, ["info"]), _ => { }, timeout.Token, throwOnFailure: false);
            if (exitCode != 0)
            {
                throw new AppHostSetupException(missing);
            }
        }
        catch (OperationCanceledException)
        {
            throw new AppHostSetupException(missing);
        }
    }
}
