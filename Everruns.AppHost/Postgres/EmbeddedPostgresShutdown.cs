using Aspire.Hosting.ApplicationModel;
using Everruns.Hosting.Postgres;
using Microsoft.Extensions.Hosting;

namespace Aspire.Hosting;

/// <summary>
/// When the AppHost stops (Ctrl+C, SIGTERM), asks every embedded PostgreSQL for a fast shutdown before the
/// orchestrator stops the resources: its own SIGTERM would be a smart shutdown, cut short once the time to stop is up.
/// </summary>
internal sealed class EmbeddedPostgresShutdown(DistributedApplicationModel model) : IHostedService
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(model.Resources.OfType<EmbeddedPostgresServerResource>()
            .Select(server => PostmasterShutdown.StopAsync(EmbeddedPostgresSetup.DataDirectory(server.Options), Timeout)));
}
