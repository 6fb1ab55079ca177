using Everruns.Hosting.Processes;

namespace Everruns.Tests.Temporal;

/// <summary>The worker process, started against a Temporal address where nothing listens.</summary>
public sealed class WorkerStartupTests
{
    [Fact]
    public async Task The_worker_exits_non_zero_with_one_clear_message_when_Temporal_is_unreachable()
    {
        var port = FreePort.Find();
        await using var worker = WorkerProcess.Start(new Dictionary<string, string>
        {
            ["TEMPORAL_ADDRESS"] = $"127.0.0.1:{port}",
            ["Temporal__ConnectTimeoutSeconds"] = "5",
            // Never opened: the worker gives up on Temporal before it touches the database.
            ["ConnectionStrings__everruns"] = "Host=127.0.0.1;Port=1;Database=unused;Username=unused",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Find()}",
        });

        var exitCode = await worker.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"Cannot reach Temporal at 127.0.0.1:{port} (namespace 'default')", worker.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", worker.Output, StringComparison.Ordinal);
    }
}
