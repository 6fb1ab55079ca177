using System.Net;
using Everruns.Data.AgUi;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.Temporal;

/// <summary>
/// Temporal mode end to end: the API and a worker process against a real Temporal server, through the public API
/// only. Runs when <c>TEMPORAL_ADDRESS</c> points at a server, and is reported as skipped otherwise.
/// </summary>
public sealed class TemporalLiveTests(ApiFixture fixture)
{
    [Fact]
    public async Task A_run_streams_its_answer_and_completes_through_the_worker()
    {
        LiveTemporalStack.SkipWithoutServer();
        await using var stack = await LiveTemporalStack.StartAsync(fixture.Postgres);
        var agent = await stack.Client.CreateAgentAsync();

        var (thread, run) = await stack.Client.AskAsync(agent, "Tell me about durable execution.");
        var frames = await stack.Client.EventsAsync(run.Id());

        Runs.AssertValidAgUi(frames);
        Runs.AssertGapFree(frames);
        Assert.Equal(AgUiEventTypes.RunStarted, frames[0].Type);
        Assert.Equal(AgUiEventTypes.RunFinished, frames[^1].Type);
        await stack.Client.WaitForStatusAsync(run.Id(), "completed");
        var messages = (await stack.Client.GetJsonAsync($"/v1/threads/{thread.Id()}/messages"))["data"]!.AsArray();
        Assert.Equal(Runs.Text(frames), Assert.Single(messages, m => m!["role"]!.GetValue<string>() == "assistant")!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_tool_call_round_trip_completes()
    {
        LiveTemporalStack.SkipWithoutServer();
        await using var stack = await LiveTemporalStack.StartAsync(fixture.Postgres);
        var agent = await stack.Client.CreateAgentAsync(definition: new { tools = new[] { new { type = "builtin", name = "current_time" } } });

        var (thread, run) = await stack.Client.AskAsync(agent, "What time is it? [tool:current_time]");
        var frames = await stack.Client.EventsAsync(run.Id());

        Runs.AssertValidAgUi(frames);
        Assert.Contains(frames, f => f.Type == AgUiEventTypes.ToolCallResult);
        Assert.Equal(AgUiEventTypes.RunFinished, frames[^1].Type);
        var messages = (await stack.Client.GetJsonAsync($"/v1/threads/{thread.Id()}/messages"))["data"]!.AsArray();
        Assert.Single(messages, m => m!["role"]!.GetValue<string>() == "tool");
    }

    [Fact]
    public async Task A_cancelled_run_stops_and_ends_cancelled_with_its_terminal_event()
    {
        LiveTemporalStack.SkipWithoutServer();
        await using var stack = await LiveTemporalStack.StartAsync(fixture.Postgres, tokensPerSecond: 50);
        var agent = await stack.Client.CreateAgentAsync();

        var (_, run) = await stack.Client.AskAsync(agent, "Write at length. [long:3000]");
        await stack.Client.WaitForStatusAsync(run.Id(), "running");
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        await stack.Client.PostJsonAsync($"/v1/runs/{run.Id()}/cancel", new { }, HttpStatusCode.OK);

        await stack.Client.WaitForStatusAsync(run.Id(), "cancelled", TimeSpan.FromSeconds(30));
        var frames = await stack.Client.EventsAsync(run.Id());
        Runs.AssertValidAgUi(frames);
        Assert.Equal(AgUiEventTypes.RunError, frames[^1].Type);
        Assert.Equal("cancelled", frames[^1].Json["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_run_survives_its_worker_being_killed_mid_stream()
    {
        LiveTemporalStack.SkipWithoutServer();
        await using var stack = await LiveTemporalStack.StartAsync(fixture.Postgres, tokensPerSecond: 50);
        var agent = await stack.Client.CreateAgentAsync();

        var (thread, run) = await stack.Client.AskAsync(agent, "Write at length. [long:300]");
        await stack.Client.WaitForStatusAsync(run.Id(), "running");
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        await stack.KillWorkerAsync();
        await stack.StartWorkerAsync();

        // The model activity is retried once Temporal misses its heartbeats.
        await stack.Client.WaitForStatusAsync(run.Id(), "completed", TimeSpan.FromSeconds(120));
        var frames = await stack.Client.EventsAsync(run.Id());
        Runs.AssertValidAgUi(frames);
        Runs.AssertGapFree(frames);
        Assert.Single(frames, f => f.Type == AgUiEventTypes.RunStarted);
        Assert.True(frames.Count(f => f.Type == AgUiEventTypes.TextMessageStart) >= 2, "The broken-off message was not streamed again.");
        var messages = (await stack.Client.GetJsonAsync($"/v1/threads/{thread.Id()}/messages"))["data"]!.AsArray();
        Assert.Single(messages, m => m!["role"]!.GetValue<string>() == "assistant");
    }
}
