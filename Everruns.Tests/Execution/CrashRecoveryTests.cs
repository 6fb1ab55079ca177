using System.Text.Json.Nodes;
using Everruns.Data.AgUi;
using Everruns.Hosting.Processes;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.Execution;

/// <summary>
/// The API process is killed with SIGKILL at random points of streaming runs and started again: every run still
/// completes, with one assistant message and a gap-free, valid AG-UI event sequence.
/// </summary>
public sealed class CrashRecoveryTests(ApiFixture api)
{
    private const int Kills = 20;

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Models__Simulator__TokensPerSecond"] = "50",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    [Fact]
    public async Task Runs_complete_once_through_repeated_kills_of_the_api_process()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var connectionString = await api.Postgres.CreateDatabaseAsync("everruns_crash");
        var port = FreePort.Find();
        var process = await ApiProcess.StartAsync(connectionString, port, Settings);
        var logs = new System.Text.StringBuilder();
        try
        {
            using var client = new HttpClient { BaseAddress = process.Address };
            var agent = await client.CreateAgentAsync(definition: new { tools = new[] { new { type = "builtin", name = "current_time" } } });
            var started = new List<(string Thread, string Run)>();
            for (var kill = 0; kill < Kills; kill++)
            {
                var cue = kill % 2 == 0 ? "[long:60]" : "[tool:current_time] [long:40]";
                var (thread, run) = await client.AskAsync(agent, $"Crash {kill}. {cue}");
                started.Add((thread.Id(), run.Id()));

                await Task.Delay(random.Next(50, 1500), TestContext.Current.CancellationToken);
                await process.KillAsync();
                logs.AppendLine(process.RecentOutput);
                await process.DisposeAsync();
                process = await ApiProcess.StartAsync(connectionString, port, Settings);
            }

            var resumed = 0;
            foreach (var (thread, run) in started)
            {
                var status = (await client.WaitForEndAsync(run, TimeSpan.FromSeconds(60)))["status"]!.GetValue<string>();
                Assert.True(status == "completed", $"Run {run} ended {status}. API logs:\n{logs}\n{process.RecentOutput}");
                var done = await client.GetJsonAsync($"/v1/runs/{run}");
                resumed += done["attempt"]!.GetValue<int>() > 1 ? 1 : 0;

                var frames = await client.EventsAsync(run);
                Runs.AssertGapFree(frames);
                Runs.AssertValidAgUi(frames);
                Assert.Single(frames, f => f.Type == AgUiEventTypes.RunStarted);
                Assert.Equal(AgUiEventTypes.RunFinished, frames[^1].Type);

                var messages = (await client.GetJsonAsync($"/v1/threads/{thread}/messages"))["data"]!.AsArray();
                var finalAnswers = messages.Where(m => m!["role"]!.GetValue<string>() == "assistant" && m["tool_calls"] is null).ToList();
                Assert.Single(finalAnswers);
                var toolMessages = messages.Count(m => m!["role"]!.GetValue<string>() == "tool");
                var toolCalls = messages.Sum(m => m!["tool_calls"]?.AsArray().Count ?? 0);
                Assert.Equal(toolCalls, toolMessages);
            }

            // Most kills must have landed in the middle of a run, or this test proves little.
            Assert.True(resumed >= Kills / 2, $"Only {resumed} of {Kills} runs were resumed (seed {seed}).");
        }
        finally
        {
            await process.DisposeAsync();
            await api.Postgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task An_mcp_call_cut_off_by_a_kill_is_made_again_with_the_same_meta_ids()
    {
        await using var server = await McpTestServerProcess.StartAsync();
        var connectionString = await api.Postgres.CreateDatabaseAsync("everruns_crash_mcp");
        var port = FreePort.Find();
        var settings = new Dictionary<string, string>(Settings) { ["Tools__AllowPrivateNetworks"] = "true" };
        var process = await ApiProcess.StartAsync(connectionString, port, settings);
        try
        {
            using var client = new HttpClient { BaseAddress = process.Address };
            var agent = await client.CreateAgentAsync(definition: new { tools = new[] { new { type = "mcp", name = "slow", url = server.McpUrl } } });
            var (thread, run) = await client.AskAsync(agent, """Wait for it. [tool:slow__wait {"ms":3000}]""");
            bool OfRun(JsonNode call) => call["meta"]?["everruns/run_id"]?.GetValue<string>() == run.Id();

            // Killed while the server works on the call: the call never answered.
            await server.WaitForCallAsync(OfRun);
            await process.KillAsync();
            await process.DisposeAsync();
            process = await ApiProcess.StartAsync(connectionString, port, settings);

            var done = await client.WaitForEndAsync(run.Id(), TimeSpan.FromSeconds(60));
            Assert.True(done["status"]!.GetValue<string>() == "completed", $"The run ended {done}. API logs:\n{process.RecentOutput}");
            Assert.True(done["attempt"]!.GetValue<int>() > 1);
            var calls = (await server.CallsAsync()).Where(call => OfRun(call!)).ToList();
            Assert.True(calls.Count >= 2, $"The call was not made again: {string.Join(", ", calls)}");
            Assert.Single(calls.Select(call => call!["meta"]!["everruns/tool_call_id"]!.GetValue<string>()).Distinct());
            Assert.False(calls[0]!["finished"]!.GetValue<bool>());
            Assert.True(calls[^1]!["finished"]!.GetValue<bool>());

            var messages = (await client.GetJsonAsync($"/v1/threads/{thread.Id()}/messages"))["data"]!.AsArray();
            var result = Assert.Single(messages, m => m!["role"]!.GetValue<string>() == "tool")!;
            Assert.Equal("waited 3000 ms", result["content"]!.GetValue<string>());
            var frames = await client.EventsAsync(run.Id());
            Runs.AssertGapFree(frames);
            Runs.AssertValidAgUi(frames);
        }
        finally
        {
            await process.DisposeAsync();
            await api.Postgres.DropDatabaseAsync(connectionString);
        }
    }
}
