using System.Diagnostics;
using Everruns.AppHost.Processes;

namespace Everruns.Tests.AppHost;

public sealed class WatchdogTests
{
    [Fact(Timeout = 30_000)]
    public async Task When_the_parents_pipe_closes_the_child_and_its_group_are_ended()
    {
        Assert.SkipUnless(Watchdog.LeadsProcessGroup, "Needs bash and setsid.");
        var command = Watchdog.Wrap(new ProcessCommand("/bin/sh", ["-c", "sleep 300 & sleep 301"]), "TERM");
        using var child = Process.Start(command.ToStartInfo())!;
        await WaitUntilAsync(() => ProcessTable.InGroup(child.Id).Count >= 3);

        // What the kernel does to the write end when the AppHost dies, however it dies.
        child.StandardInput.Close();

        Assert.True(
            await ProcessTable.WaitUntilGoneAsync([child.Id, .. ProcessTable.InGroup(child.Id)], TimeSpan.FromSeconds(10)),
            $"Left in the group: {string.Join(", ", ProcessTable.InGroup(child.Id))}");
        await child.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Empty(ProcessTable.InGroup(child.Id));
    }

    [Fact(Timeout = 30_000)]
    public async Task The_child_keeps_the_process_id_that_was_started_and_leads_its_group()
    {
        Assert.SkipUnless(Watchdog.LeadsProcessGroup, "Needs bash and setsid.");
        await using var child = ChildProcess.Start(new ProcessCommand("/bin/sh", ["-c", "echo $$; sleep 30"]), _ => { });
        await WaitUntilAsync(() => child.LastLines.Count > 0);

        Assert.Equal(child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), child.LastLines[0]);
        Assert.Contains(child.Id, ProcessTable.InGroup(child.Id));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var elapsed = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(10), "Timed out.");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
