using System.Net;
using System.Net.Sockets;
using Everruns.AppHost.Temporal;

namespace Everruns.Tests.AppHost;

/// <summary>What the AppHost says, before anything starts, when it cannot start the stack.</summary>
public sealed class AppHostSetupTests
{
    [Fact(Timeout = 60_000)]
    public async Task Temporal_mode_without_the_cli_or_an_address_exits_with_one_clear_message()
    {
        var ct = TestContext.Current.CancellationToken;
        var emptyPath = Directory.CreateTempSubdirectory("everruns-no-temporal-").FullName;
        try
        {
            await using var appHost = await AppHostProcess.StartAsync(
                ["--mode", "temporal", "--no-ui", "--no-dashboard"],
                new Dictionary<string, string?> { ["PATH"] = emptyPath },
                ct: ct);

            Assert.NotEqual(0, await appHost.WaitForExitAsync(TimeSpan.FromSeconds(30), ct));
            var error = Assert.Single(appHost.Errors);
            Assert.EndsWith(TemporalServer.Missing, error);
            Assert.Contains("TEMPORAL_ADDRESS", error);
            Assert.False(appHost.Printed(" is Starting"), appHost.Output);
        }
        finally
        {
            Directory.Delete(emptyPath);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_port_in_use_is_named_with_the_option_that_changes_it()
    {
        var ct = TestContext.Current.CancellationToken;
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        await using var appHost = await AppHostProcess.StartAsync(
            ["--no-ui", "--no-dashboard", "--api-port", AppHostProcess.Port(port)], ct: ct);

        Assert.Equal(1, await appHost.WaitForExitAsync(TimeSpan.FromSeconds(30), ct));
        Assert.Contains($"Port {port} for api is already in use. Stop what listens there, or choose another port (--api-port <port>).", appHost.Output);
        Assert.False(appHost.Printed(" is Starting"), appHost.Output);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_unknown_option_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var appHost = await AppHostProcess.StartAsync(["--no-iu"], ct: ct);

        Assert.Equal(2, await appHost.WaitForExitAsync(TimeSpan.FromSeconds(30), ct));
        Assert.Contains("Unknown option '--no-iu'. See --help.", Assert.Single(appHost.Errors));
    }
}
