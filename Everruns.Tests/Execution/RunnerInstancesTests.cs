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
    public async Task A_run_started_where_the_executor_has_room_is_running_when_the_start_answers()
    {
        await using var own = await OwnApi.StartAsync(api.Postgres, "everruns_handoff", ApiFixture.Settings);
        var agent = await own.Client.CreateAgentAsync();

        var (_, run) = await own.Client.AskAsync(agent, "Straight to the executor. [long:5]");

        Assert.Equal("running", run["status"]!.GetValue<string>());
        Assert.Equal(1, run["attempt"]!.GetValue<int>());
        var done = await own.Client.WaitForStatusAsync(run.Id(), "completed");
        Assert.Equal(1, done["attempt"]!.GetValue<int>());
        Runs.AssertValidAgUi(await own.Client.EventsAsync(run.Id()));
    }

    [Fact]
    public async Task A_run_started_on_an_instance_that_executes_nothing_is_run_by_another()
    {
        var settings = new Dictionary<string, string?>(ApiFixture.Settings);
        await using var executing = await OwnApi.StartAsync(api.Postgres, "everruns_queue_shared", settings);
        await using var queueOnly = new ApiFactory(executing.ConnectionString, new Dictionary<string, string?>(settings) { ["AgentRunner:MaxConcurrentRuns"] = "0" });
        var queueOnlyClient = queueOnly.CreateClient();
        var agent = await queueOnlyClient.CreateAgentAsync();

        var (_, run) = await queueOnlyClient.AskAsync(agent, "Taken from the queue. [long:5]");

        Assert.Equal("pending", run["status"]!.GetValue<string>());
        var frames = await queueOnlyClient.EventsAsync(run.Id());
        Runs.AssertValidAgUi(frames);
        Assert.Equal("completed", (await queueOnlyClient.GetJsonAsync($"/v1/runs/{run.Id()}"))["status"]!.GetValue<string>());
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
