using Everruns.Data.AgUi;
using Everruns.Tests.Infrastructure;
using Npgsql;

namespace Everruns.Tests.Execution;

public sealed class RunnerInstancesTests(ApiFixture api)
{
    [Fact]
    public async Task Several_api_instances_share_the_runs_without_running_one_twice()
    {
        var settings = new Dictionary<string, string?>(ApiFixture.Settings);
        await using var first = await OwnApi.StartAsync(api.Postgres, "everruns_instances", settings);
        await using var second = new ApiFactory(first.ConnectionString, settings);
        var secondClient = second.CreateClient();

        var agent = await first.Client.CreateAgentAsync();
        var started = new List<(string Thread, string Run)>();
        for (var i = 0; i < 20; i++)
        {
            var (thread, run) = await (i % 2 == 0 ? first.Client : secondClient).AskAsync(agent, $"Question {i} [long:30]");
            started.Add((thread.Id(), run.Id()));
        }

        foreach (var (thread, run) in started)
        {
            var done = await first.Client.WaitForStatusAsync(run, "completed");
            Assert.Equal(1, done["attempt"]!.GetValue<int>());
            var frames = await secondClient.EventsAsync(run);
            Runs.AssertValidAgUi(frames);
            Assert.Single(frames, f => f.Type == AgUiEventTypes.RunStarted);
            var messages = (await first.Client.GetJsonAsync($"/v1/threads/{thread}/messages"))["data"]!.AsArray();
            Assert.Single(messages, m => m!["role"]!.GetValue<string>() == "assistant");
        }

        await using var connection = new NpgsqlConnection(first.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var owners = new NpgsqlCommand("SELECT count(DISTINCT payload->>'runId') FROM run_events WHERE type = 'RUN_STARTED'", connection);
        Assert.Equal(20L, await owners.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Reaching_the_model_call_limit_ends_the_run_with_a_clear_error()
    {
        var settings = new Dictionary<string, string?>(ApiFixture.Settings) { ["AgentRunner:MaxIterations"] = "1" };
        await using var own = await OwnApi.StartAsync(api.Postgres, "everruns_limit", settings);
        var agent = await own.Client.CreateAgentAsync(definition: new { tools = new[] { new { type = "builtin", name = "current_time" } } });

        var (_, run) = await own.Client.AskAsync(agent, "[tool:current_time]");
        var frames = await own.Client.EventsAsync(run.Id());

        Runs.AssertValidAgUi(frames);
        Assert.Equal(AgUiEventTypes.RunError, frames[^1].Type);
        Assert.Equal("max_iterations", frames[^1].Json["code"]!.GetValue<string>());
        Assert.Contains("1", frames[^1].Json["message"]!.GetValue<string>(), StringComparison.Ordinal);
        await own.Client.WaitForStatusAsync(run.Id(), "failed");
    }
}
