using System.Net;
using Everruns.Data.AgUi;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.Execution;

/// <summary>Runs executed by the in-process runner on the simulator, watched over HTTP and SSE as a client would.</summary>
public sealed class RunExecutionTests(ApiFixture api)
{
    private readonly HttpClient client = api.CreateClient();

    [Fact]
    public async Task A_run_streams_its_answer_and_stores_it_once()
    {
        var agent = await client.CreateAgentAsync();
        var (thread, run) = await client.AskAsync(agent, "Tell me about durable execution.");

        var frames = await client.EventsAsync(run.Id());

        Assert.Equal(AgUiEventTypes.RunStarted, frames[0].Type);
        Assert.Equal(thread.Id(), frames[0].Json["threadId"]!.GetValue<string>());
        Assert.Equal(run.Id(), frames[0].Json["runId"]!.GetValue<string>());
        Assert.Equal(AgUiEventTypes.RunFinished, frames[^1].Type);
        Assert.All(frames, frame => Assert.Equal(frame.Type, frame.Event));
        Runs.AssertValidAgUi(frames);
        Runs.AssertGapFree(frames);

        var finished = await client.WaitForStatusAsync(run.Id(), "completed");
        Assert.True(finished["usage"]!["output_tokens"]!.GetValue<long>() > 0);
        Assert.True(finished["usage"]!["input_tokens"]!.GetValue<long>() > 0);
        Assert.Equal(
            finished["usage"]!["input_tokens"]!.GetValue<long>() + finished["usage"]!["output_tokens"]!.GetValue<long>(),
            finished["usage"]!["total_tokens"]!.GetValue<long>());

        var messages = (await client.GetJsonAsync($"/v1/threads/{thread.Id()}/messages"))["data"]!.AsArray();
        var answers = messages.Where(m => m!["role"]!.GetValue<string>() == "assistant").ToList();
        var answer = Assert.Single(answers);
        Assert.Equal(run.Id(), answer!["run_id"]!.GetValue<string>());
        Assert.Equal(Runs.Text(frames), answer["content"]!.GetValue<string>());
        var start = frames.Single(f => f.Type == AgUiEventTypes.TextMessageStart);
        Assert.Equal(answer.Id(), start.Json["messageId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tool_calls_run_and_their_results_go_back_to_the_model()
    {
        var agent = await client.CreateAgentAsync(definition: new
        {
            system_prompt = "Use tools.",
            tools = new[] { new { type = "builtin", name = "current_time", description = "The current UTC time" } },
        });
        var (thread, run) = await client.AskAsync(agent, "What time is it? [tool:current_time]");

        var frames = await client.EventsAsync(run.Id());

        Runs.AssertValidAgUi(frames);
        var types = frames.Select(f => f.Type).ToList();
        Assert.True(types.IndexOf(AgUiEventTypes.ToolCallStart) < types.IndexOf(AgUiEventTypes.ToolCallResult));
        var callStart = frames.Single(f => f.Type == AgUiEventTypes.ToolCallStart);
        Assert.Equal("current_time", callStart.Json["toolCallName"]!.GetValue<string>());
        var result = frames.Single(f => f.Type == AgUiEventTypes.ToolCallResult);
        Assert.Contains("utc", result.Json["content"]!.GetValue<string>(), StringComparison.Ordinal);

        await client.WaitForStatusAsync(run.Id(), "completed");
        var roles = (await client.GetJsonAsync($"/v1/threads/{thread.Id()}/messages"))["data"]!.AsArray()
            .Select(m => m!["role"]!.GetValue<string>());
        Assert.Equal(["user", "assistant", "tool", "assistant"], roles);
    }

    [Fact]
    public async Task Several_tool_calls_all_get_results()
    {
        var agent = await client.CreateAgentAsync(definition: new
        {
            tools = new[] { new { type = "builtin", name = "current_time" } },
        });
        var (thread, run) = await client.AskAsync(agent, "Twice: [tool:current_time] [tool:current_time]");

        var frames = await client.EventsAsync(run.Id());

        Runs.AssertValidAgUi(frames);
        Assert.Equal(2, frames.Count(f => f.Type == AgUiEventTypes.ToolCallResult));
        var messages = (await client.GetJsonAsync($"/v1/threads/{thread.Id()}/messages"))["data"]!.AsArray();
        Assert.Equal(2, messages.Count(m => m!["role"]!.GetValue<string>() == "tool"));
    }

    [Fact]
    public async Task Cancelling_a_streaming_run_stops_it_within_a_second()
    {
        var agent = await client.CreateAgentAsync();
        var (_, run) = await client.AskAsync(agent, "Write a lot. [long:5000]");

        await SseClient.ReadAllAsync(client, $"/v1/runs/{run.Id()}/events", stopAfter: 4);
        var cancelledAt = DateTime.UtcNow;
        var response = await client.PostAsync($"/v1/runs/{run.Id()}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await client.WaitForStatusAsync(run.Id(), "cancelled", TimeSpan.FromSeconds(5));
        Assert.True(DateTime.UtcNow - cancelledAt < TimeSpan.FromSeconds(1.5), "The run took too long to stop");
        var frames = await client.EventsAsync(run.Id());
        Runs.AssertValidAgUi(frames);
        Assert.Equal(AgUiEventTypes.RunFinished, frames[^1].Type);
        Assert.Equal("cancelled", frames[^1].Json["outcome"]!["type"]!.GetValue<string>());
        await Problem.AssertAsync(await client.PostAsync($"/v1/runs/{run.Id()}/cancel", null), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_client_that_leaves_does_not_stop_the_run()
    {
        var agent = await client.CreateAgentAsync();
        var (_, run) = await client.AskAsync(agent, "Some words please. [long:40]");

        var firstFrames = await SseClient.ReadAllAsync(client, $"/v1/runs/{run.Id()}/events", stopAfter: 2);

        await client.WaitForStatusAsync(run.Id(), "completed");
        var all = await client.EventsAsync(run.Id());
        Assert.Equal(firstFrames.Select(f => f.Data), all.Take(2).Select(f => f.Data));
        Assert.Equal(AgUiEventTypes.RunFinished, all[^1].Type);
    }

    [Fact]
    public async Task Replay_resumes_after_any_event_id()
    {
        var agent = await client.CreateAgentAsync();
        var (_, run) = await client.AskAsync(agent, "Replay me.");
        var all = await client.EventsAsync(run.Id());

        for (var cursor = 0; cursor < all.Count; cursor++)
        {
            var rest = await client.EventsAsync(run.Id(), lastEventId: cursor.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(all.Skip(cursor).Select(f => f.Data), rest.Select(f => f.Data));
        }

        var viaQuery = await SseClient.ReadAllAsync(client, $"/v1/runs/{run.Id()}/events?after=2");
        Assert.Equal(all.Skip(2).Select(f => f.Id), viaQuery.Select(f => f.Id));
    }

    [Fact]
    public async Task Live_followers_get_every_event_once()
    {
        var agent = await client.CreateAgentAsync();
        var (_, run) = await client.AskAsync(agent, "Stream to everyone. [long:60]");

        var followers = Enumerable.Range(0, 5).Select(_ => client.EventsAsync(run.Id())).ToList();
        var seen = await Task.WhenAll(followers);

        var stored = await client.EventsAsync(run.Id());
        foreach (var frames in seen)
        {
            Assert.Equal(stored.Select(f => f.Data), frames.Select(f => f.Data));
        }
    }

    [Fact]
    public async Task Followers_that_join_mid_stream_after_any_event_get_the_rest_once()
    {
        var agent = await client.CreateAgentAsync();
        var (thread, run) = await client.AskAsync(agent, "Join me halfway. [long:150]");
        var started = await SseClient.ReadAllAsync(client, $"/v1/runs/{run.Id()}/events", stopAfter: 12);

        // The run is still streaming (150 tokens at 200 a second): these start from what the executing API kept.
        Assert.Equal("running", (await client.GetJsonAsync($"/v1/runs/{run.Id()}"))["status"]!.GetValue<string>());
        var cursors = new[] { 0, 1, 5, started.Count };
        var joined = await Task.WhenAll(cursors.Select(cursor =>
            client.EventsAsync(run.Id(), lastEventId: cursor.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        // What the database holds, read through the thread's replay.
        var stored = await SseClient.ReadAllAsync(client, $"/v1/threads/{thread.Id()}/events");
        Assert.Equal(AgUiEventTypes.RunFinished, stored[^1].Type);
        foreach (var (cursor, frames) in cursors.Zip(joined))
        {
            Runs.AssertGapFree(frames, from: cursor + 1);
            Assert.Equal(stored.Skip(cursor).Select(f => f.Data), frames.Select(f => f.Data));
        }
    }

    [Fact]
    public async Task A_thread_replays_the_events_of_all_its_runs_in_order()
    {
        var agent = await client.CreateAgentAsync();
        var (thread, first) = await client.AskAsync(agent, "First question.");
        await client.WaitForStatusAsync(first.Id(), "completed");
        var second = await client.ContinueAsync(thread, "Second question.");
        await client.WaitForStatusAsync(second.Id(), "completed");

        var frames = await SseClient.ReadAllAsync(client, $"/v1/threads/{thread.Id()}/events");

        var runIds = frames.Where(f => f.Type == AgUiEventTypes.RunStarted).Select(f => f.Json["runId"]!.GetValue<string>());
        Assert.Equal([first.Id(), second.Id()], runIds);
        Runs.AssertValidAgUi(frames);
    }

    [Fact]
    public async Task Unknown_runs_and_bad_cursors_are_refused()
    {
        await Problem.AssertAsync(await client.GetAsync($"/v1/runs/{Guid.CreateVersion7()}/events"), HttpStatusCode.NotFound);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/runs/{Guid.CreateVersion7()}/events");
        request.Headers.Add("Last-Event-ID", "abc");
        await Problem.AssertAsync(await client.SendAsync(request), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_transient_provider_error_is_retried()
    {
        var agent = await client.CreateAgentAsync();
        var (_, run) = await client.AskAsync(agent, $"Try again. {Guid.NewGuid()} [error:500:once]");

        var frames = await client.EventsAsync(run.Id());

        Assert.Equal(AgUiEventTypes.RunFinished, frames[^1].Type);
        await client.WaitForStatusAsync(run.Id(), "completed");
    }

    [Fact]
    public async Task A_lasting_provider_error_fails_the_run_with_an_error_event()
    {
        var agent = await client.CreateAgentAsync();
        var (_, run) = await client.AskAsync(agent, "Fail. [error:400]");

        var frames = await client.EventsAsync(run.Id());

        Runs.AssertValidAgUi(frames);
        Assert.Equal(AgUiEventTypes.RunError, frames[^1].Type);
        Assert.Equal("model_error", frames[^1].Json["code"]!.GetValue<string>());
        var failed = await client.WaitForStatusAsync(run.Id(), "failed");
        Assert.False(string.IsNullOrWhiteSpace(failed["error"]?.GetValue<string>()));
    }
}
