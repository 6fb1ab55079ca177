using System.Net;
using System.Net.Sockets;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.AppHost;

/// <summary>The AppHost's resource graph (PostgreSQL and the API) booted as a child process, used, and stopped.</summary>
public sealed class AppHostStackTests
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    [Fact(Timeout = 180_000)]
    public async Task Runs_an_agent_over_http_and_sse_then_sigterm_leaves_no_process()
    {
        var ct = TestContext.Current.CancellationToken;
        var apiPort = AppHostProcess.FreePort();
        var postgresPort = AppHostProcess.FreePort();

        // Left over from an "earlier run": initdb refuses a non-empty directory, so the start proves --reset-data deleted it.
        await using var appHost = await AppHostProcess.StartAsync(
            ["--no-ui", "--no-dashboard", "--reset-data", "--api-port", AppHostProcess.Port(apiPort), "--postgres-port", AppHostProcess.Port(postgresPort)],
            prepareHome: home =>
            {
                Directory.CreateDirectory(Path.Combine(home, "data", "postgres"));
                File.WriteAllText(Path.Combine(home, "data", "postgres", "left-over"), "x");
            },
            ct: ct);

        await appHost.WaitUntilReadyAsync(ReadyTimeout, ct);
        Assert.True(appHost.Printed($"Deleting the data folder {Path.Combine(appHost.Home, "data")} (--reset-data)."), appHost.Output);
        var children = appHost.ProcessIds();
        Assert.Contains("postgres", children.Keys);
        Assert.Contains("api", children.Keys);

        await RunAnAgentAsync($"http://localhost:{apiPort}", ct);

        appHost.Signal("TERM");
        Assert.Equal(0, await appHost.WaitForExitAsync(TimeSpan.FromSeconds(30), ct));
        foreach (var (name, pid) in children)
        {
            Assert.False(ProcessTable.IsAlive(pid), $"{name} (pid {pid}) is still running after the AppHost exited.");
        }

        Assert.Empty(ProcessTable.Mentioning(appHost.Home));
        Assert.False(IsListening(apiPort), $"Something still listens on the API's port {apiPort}.");
        Assert.False(IsListening(postgresPort), $"Something still listens on PostgreSQL's port {postgresPort}.");
    }

    private static async Task RunAnAgentAsync(string api, CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = new Uri(api), Timeout = TimeSpan.FromSeconds(30) };
        var agent = await client.PostJsonAsync("/v1/agents", new { name = "apphost-test" }, HttpStatusCode.Created);
        var thread = await client.PostJsonAsync("/v1/threads", new { agent_id = (string)agent["id"]! }, HttpStatusCode.Created);
        await client.PostJsonAsync($"/v1/threads/{thread["id"]}/messages", new { role = "user", content = "hi" }, HttpStatusCode.Created);
        var run = await client.PostJsonAsync("/v1/runs", new { thread_id = (string)thread["id"]! }, HttpStatusCode.Created);

        var types = new List<string>();
        await foreach (var frame in SseClient.StreamAsync(client, $"/v1/runs/{run["id"]}/events", timeout: TimeSpan.FromSeconds(60)).WithCancellation(ct))
        {
            types.Add(frame.Type);
        }

        Assert.Equal("RUN_STARTED", types[0]);
        Assert.Contains("TEXT_MESSAGE_CONTENT", types);
        Assert.Equal("RUN_FINISHED", types[^1]);
    }

    private static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
