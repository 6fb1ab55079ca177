using Everruns.Hosting.Processes;

namespace Everruns.Tests.AppHost;

/// <summary>Stopping the AppHost stops everything it started: asked to (SIGTERM, as Ctrl+C), or killed outright (SIGKILL).</summary>
public sealed class AppHostKillTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    [Fact(Timeout = 300_000)]
    public async Task Sigterm_stops_every_process_of_the_stack()
    {
        var ct = TestContext.Current.CancellationToken;
        var apiPort = FreePort.Find();

        // Left over from an "earlier run": initdb refuses a non-empty directory, so the start proves --reset-data deleted it.
        await using var appHost = await AppHostProcess.StartAsync(
            ["--no-ui", "--reset-data", "--api-port", AppHostProcess.Port(apiPort)],
            ct: ct,
            prepareHome: home =>
            {
                Directory.CreateDirectory(Path.Combine(home, "data", "postgres"));
                File.WriteAllText(Path.Combine(home, "data", "postgres", "left-over"), "x");
            });
        await appHost.WaitUntilHealthyAsync(apiPort, StartTimeout, ct);
        Assert.Contains($"Deleting the data folder {Path.Combine(appHost.Home, "data")} (--reset-data).", appHost.Output);
        var stack = appHost.StackProcesses();
        Assert.True(ProcessTable.Mentioning(appHost.Home).Count > 0, "No process of the stack uses its home folder (where is postgres?)");

        appHost.Signal("TERM");
        Assert.Equal(0, await appHost.WaitForExitAsync(TimeSpan.FromSeconds(60), ct));

        Assert.True(
            await ProcessTable.WaitUntilGoneAsync(stack.Concat(ProcessTable.Mentioning(appHost.Home)), TimeSpan.FromSeconds(30)),
            $"Still running 30 s after the AppHost exited: {string.Join(", ", stack.Where(ProcessTable.IsAlive))}");
        Assert.False(FreePort.IsInUse(apiPort), $"Something still listens on the API's port {apiPort}.");
        Assert.False(
            File.Exists(Path.Combine(appHost.Home, "data", "postgres", "postmaster.pid")),
            "PostgreSQL did not shut down cleanly: its postmaster.pid is still there.");
    }

    [Fact(Timeout = 300_000)]
    public async Task Nothing_of_the_stack_outlives_an_apphost_killed_with_sigkill()
    {
        var ct = TestContext.Current.CancellationToken;
        var apiPort = FreePort.Find();
        await using var appHost = await AppHostProcess.StartAsync(["--no-ui", "--api-port", AppHostProcess.Port(apiPort)], ct: ct);
        await appHost.WaitUntilHealthyAsync(apiPort, StartTimeout, ct);
        var stack = appHost.StackProcesses();
        var postgres = ProcessTable.Mentioning(appHost.Home);
        Assert.NotEmpty(postgres);

        appHost.Signal("KILL");
        await appHost.WaitForExitAsync(TimeSpan.FromSeconds(10), ct);

        Assert.True(
            await ProcessTable.WaitUntilGoneAsync(stack.Concat(postgres), TimeSpan.FromSeconds(30)),
            $"Still running 30 s after the AppHost was killed: {string.Join(", ", stack.Concat(postgres).Where(ProcessTable.IsAlive))}");
    }
}
