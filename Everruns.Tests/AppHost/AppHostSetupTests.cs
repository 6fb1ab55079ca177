extern alias AppHost;

using System.Net;
using System.Net.Sockets;

namespace Everruns.Tests.AppHost;

/// <summary>What the AppHost says, before anything starts, when it cannot start the stack.</summary>
public sealed class AppHostSetupTests
{
    [Fact(Timeout = 120_000)]
    public async Task A_port_in_use_is_named_with_the_option_that_moves_it()
    {
        var ct = TestContext.Current.CancellationToken;
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        await using var appHost = await AppHostProcess.StartAsync(["--no-ui", "--api-port", AppHostProcess.Port(port)], ct: ct);

        Assert.Equal(1, await appHost.WaitForExitAsync(TimeSpan.FromSeconds(60), ct));
        Assert.Contains($"Port {port} for the API is already in use", appHost.Output);
        Assert.Contains("--api-port <port> (Api:Port)", appHost.Output);
    }

    [Fact(Timeout = 120_000)]
    public async Task Temporal_mode_without_the_cli_or_an_address_says_what_to_install()
    {
        var ct = TestContext.Current.CancellationToken;
        var emptyPath = Directory.CreateTempSubdirectory("everruns-no-temporal-").FullName;
        try
        {
            await using var appHost = await AppHostProcess.StartAsync(
                ["--mode", "temporal", "--no-ui"], new Dictionary<string, string?> { ["PATH"] = emptyPath }, ct);

            Assert.Equal(1, await appHost.WaitForExitAsync(TimeSpan.FromSeconds(60), ct));
            Assert.Contains(AppHost::Aspire.Hosting.TemporalBuilderExtensions.Missing, appHost.Output);
        }
        finally
        {
            Directory.Delete(emptyPath);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Asking_for_the_postgres_container_without_a_container_engine_fails_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var appHost = await AppHostProcess.StartAsync(
            ["--postgres", "container", "--no-ui"], new Dictionary<string, string?> { ["ASPIRE_CONTAINER_RUNTIME"] = "no-such-engine" }, ct);

        Assert.Equal(1, await appHost.WaitForExitAsync(TimeSpan.FromSeconds(60), ct));
        Assert.Contains("--postgres container (Postgres:Server=container) needs a container engine", appHost.Output);
    }
}
