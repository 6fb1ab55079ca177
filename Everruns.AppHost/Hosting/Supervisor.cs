using Everruns.AppHost.Output;

namespace Everruns.AppHost.Hosting;

/// <summary>
/// Watches one running resource: when it crashes, shows it as failed with its exit code and last log lines, and with
/// <c>--restart</c> starts it again after a backoff, counting the restarts.
/// </summary>
internal sealed class Supervisor(Resource resource, ConsoleOutput output, bool restart)
{
    private readonly RestartBackoff _backoff = new();

    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            while (true)
            {
                var exitCode = await resource.Exited.WaitAsync(stop);
                resource.SetState(ResourceState.Failed, $"exit code {exitCode}");
                output.Failed(resource, $"exited unexpectedly with exit code {exitCode}.", withLastLines: true);
                if (!restart)
                {
                    output.Notice($"{resource.Name} stays stopped; the others keep running (start with --restart to restart crashed resources).");
                    return;
                }

                await RestartAsync(stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping everything.
        }
    }

    private async Task RestartAsync(CancellationToken stop)
    {
        while (true)
        {
            var delay = _backoff.Next();
            resource.SetState(ResourceState.Restarting, $"in {delay.TotalSeconds:0} s");
            await Task.Delay(delay, stop);
            await resource.StopAsync();
            resource.CountRestart();
            try
            {
                await ResourceLauncher.LaunchAsync(resource, stop);
                _backoff.Started();
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                resource.SetState(ResourceState.Failed, e is ResourceExitedException exited ? $"exit code {exited.ExitCode}" : null);
                output.Failed(resource, e.Message, withLastLines: true);
            }
        }
    }
}
