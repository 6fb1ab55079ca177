namespace Everruns.Tests.AppHost;

/// <summary>The AppHost killed outright (SIGKILL, no chance to stop anything) must not leave its children running.</summary>
public sealed class AppHostKillTests
{
    [Fact(Timeout = 180_000)]
    public async Task Children_exit_within_seconds_when_the_apphost_is_killed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var appHost = await AppHostProcess.StartAsync(
            ["--no-ui", "--no-dashboard", "--api-port", AppHostProcess.Port(AppHostProcess.FreePort())], ct: ct);
        await appHost.WaitUntilReadyAsync(TimeSpan.FromSeconds(90), ct);
        var children = appHost.ProcessIds();
        Assert.True(children.ContainsKey("postgres") && children.ContainsKey("api"), appHost.Output);

        appHost.Signal("KILL");
        await appHost.WaitForExitAsync(TimeSpan.FromSeconds(10), ct);

        Assert.True(
            await ProcessTable.WaitUntilGoneAsync(children.Values, TimeSpan.FromSeconds(10)),
            $"Still running 10 s after the AppHost was killed: {string.Join(", ", children.Where(child => ProcessTable.IsAlive(child.Value)))}");
        Assert.True(
            await ProcessTable.WaitUntilGoneAsync(ProcessTable.Mentioning(appHost.Home), TimeSpan.FromSeconds(10)),
            $"Processes of the AppHost's home are left: {string.Join(", ", ProcessTable.Mentioning(appHost.Home))}");
    }
}
