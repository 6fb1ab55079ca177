using Everruns.AppHost.Processes;

namespace Everruns.AppHost.Telemetry;

/// <summary>The container engine's command line (docker, or podman as Aspire's ASPIRE_CONTAINER_RUNTIME chooses).</summary>
internal sealed class ContainerEngine(string command)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    public string Command => command;

    public static ContainerEngine FromEnvironment() =>
        new(Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME")
            ?? Environment.GetEnvironmentVariable("DOTNET_ASPIRE_CONTAINER_RUNTIME")
            ?? "docker");

    /// <summary>Whether <c>&lt;engine&gt; info</c> succeeds within 3 s: the client alone, without a running engine, fails it.</summary>
    public async Task<bool> IsAvailableAsync(CancellationToken cancellationToken)
    {
        if (ExecutableSearch.Find(command) is null)
        {
            return false;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            return await CommandRunner.RunAsync(new ProcessCommand(command, ["info"]), _ => { }, timeout.Token, throwOnFailure: false) == 0;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
