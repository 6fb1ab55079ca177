using System.Net;
using Everruns.Data.AgUi;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.Api;

/// <summary>The runs API as a queue: on an API that executes no runs, so they stay pending.</summary>
public sealed class RunsApiTests(ApiFixture api) : IAsyncLifetime
{
    private OwnApi own = null!;
    private HttpClient client = null!;

    public async ValueTask InitializeAsync()
    {
        own = await OwnApi.StartAsync(api.Postgres, "everruns_runs", OwnApi.QueueOnly);
        client = own.Client;
    }

    public ValueTask DisposeAsync() => own.DisposeAsync();

    [Fact]
    public async Task Create_a_pending_run_and_read_it_back()
    {
        var agent = await client.CreateAgentAsync();
        var thread = await client.CreateThreadAsync(agent.Id());

        var response = await client.PostAsync("/v1/runs", Json.Body(new { thread_id = thread.Id() }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var run = await response.ReadJsonAsync();
        Assert.Equal(agent.Id(), run["agent_id"]!.GetValue<string>());
        Assert.Equal(thread.Id(), run["thread_id"]!.GetValue<string>());
        Assert.Equal(0, run["usage"]!["total_tokens"]!.GetValue<long>());
        var fetched = await client.GetJsonAsync($"/v1/runs/{run.Id()}");
        Assert.Equal(run.Id(), fetched.Id());
    }

    [Fact]
    public async Task A_thread_has_one_active_run()
    {
        var agent = await client.CreateAgentAsync();
        var thread = await client.CreateThreadAsync(agent.Id());
        var first = await client.PostJsonAsync("/v1/runs", new { agent_id = agent.Id(), thread_id = thread.Id() }, HttpStatusCode.Created);

        var second = await client.PostAsync("/v1/runs", Json.Body(new { agent_id = agent.Id(), thread_id = thread.Id() }));

        var problem = await Problem.AssertAsync(second, HttpStatusCode.Conflict);
        Assert.Equal(first.Id(), problem["active_run_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Idempotency_key_returns_the_first_run()
    {
        var agent = await client.CreateAgentAsync();
        var thread = await client.CreateThreadAsync(agent.Id());
        var key = Guid.NewGuid().ToString();

        using var first = new HttpRequestMessage(HttpMethod.Post, "/v1/runs") { Content = Json.Body(new { thread_id = thread.Id() }) };
        first.Headers.Add("Idempotency-Key", key);
        var created = await client.SendAsync(first);
        using var again = new HttpRequestMessage(HttpMethod.Post, "/v1/runs") { Content = Json.Body(new { thread_id = thread.Id() }) };
        again.Headers.Add("Idempotency-Key", key);
        var replayed = await client.SendAsync(again);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal((await created.ReadJsonAsync()).Id(), (await replayed.ReadJsonAsync()).Id());
    }

    [Fact]
    public async Task Cancel_a_pending_run_then_cancelling_again_conflicts()
    {
        var agent = await client.CreateAgentAsync();
        var thread = await client.CreateThreadAsync(agent.Id());
        var run = await client.PostJsonAsync("/v1/runs", new { thread_id = thread.Id() }, HttpStatusCode.Created);

        var cancelled = await client.PostJsonAsync($"/v1/runs/{run.Id()}/cancel", new { }, HttpStatusCode.OK);
        Assert.Equal("cancelled", cancelled["status"]!.GetValue<string>());
        Assert.NotNull(cancelled["finished_at"]);

        await Problem.AssertAsync(await client.PostAsync($"/v1/runs/{run.Id()}/cancel", null), HttpStatusCode.Conflict);
        await Problem.AssertAsync(await client.PostAsync($"/v1/runs/{Guid.CreateVersion7()}/cancel", null), HttpStatusCode.NotFound);

        // The thread is free again.
        await client.PostJsonAsync("/v1/runs", new { thread_id = thread.Id() }, HttpStatusCode.Created);

        // Its stream ends with a stored terminal event, so a follower is not left waiting.
        var frames = await client.EventsAsync(run.Id());
        Assert.Equal([AgUiEventTypes.RunStarted, AgUiEventTypes.RunFinished], frames.Select(f => f.Type));
        Assert.Equal("cancelled", frames[1].Json["outcome"]!["type"]!.GetValue<string>());
        Runs.AssertValidAgUi(frames);
    }

    [Fact]
    public async Task Runs_are_listed_newest_first_with_filters()
    {
        var agent = await client.CreateAgentAsync();
        var threadA = await client.CreateThreadAsync(agent.Id());
        var threadB = await client.CreateThreadAsync(agent.Id());
        var older = await client.PostJsonAsync("/v1/runs", new { thread_id = threadA.Id() }, HttpStatusCode.Created);
        var newer = await client.PostJsonAsync("/v1/runs", new { thread_id = threadB.Id() }, HttpStatusCode.Created);
        await client.PostAsync($"/v1/runs/{older.Id()}/cancel", null);

        var byAgent = await client.GetJsonAsync($"/v1/runs?agent_id={agent.Id()}");
        Assert.Equal([newer.Id(), older.Id()], byAgent["data"]!.AsArray().Select(r => r!.Id()));

        var cancelled = await client.GetJsonAsync($"/v1/runs?agent_id={agent.Id()}&status=cancelled");
        Assert.Equal([older.Id()], cancelled["data"]!.AsArray().Select(r => r!.Id()));

        var byThread = await client.GetJsonAsync($"/v1/runs?thread_id={threadB.Id()}");
        Assert.Equal([newer.Id()], byThread["data"]!.AsArray().Select(r => r!.Id()));
    }

    [Fact]
    public async Task A_stream_gets_events_it_was_never_told_of_from_the_store_after_a_quiet_interval()
    {
        var agent = await client.CreateAgentAsync();
        var thread = await client.CreateThreadAsync(agent.Id());
        var run = await client.PostJsonAsync("/v1/runs", new { thread_id = thread.Id() }, HttpStatusCode.Created);
        var stream = SseClient.ReadAllAsync(client, $"/v1/runs/{run.Id()}/events", timeout: TimeSpan.FromSeconds(40));
        await Task.Delay(500, TestContext.Current.CancellationToken);

        // Events stored behind the platform's back: no executor published them and no notification announced them.
        var runId = Guid.Parse(run.Id());
        await using (var connection = new Npgsql.NpgsqlConnection(own.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var write = new Npgsql.NpgsqlCommand(
                """
                INSERT INTO run_events (run_id, seq, type, payload) VALUES
                    (@id, 1, 'RUN_STARTED', json_build_object('type', 'RUN_STARTED', 'threadId', 't', 'runId', 'r')),
                    (@id, 2, 'RUN_FINISHED', json_build_object('type', 'RUN_FINISHED', 'threadId', 't', 'runId', 'r'));
                UPDATE runs SET status = 'running' WHERE id = @id;
                UPDATE runs SET status = 'completed', finished_at = now() WHERE id = @id;
                """, connection);
            write.Parameters.AddWithValue("id", runId);
            await write.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var frames = await stream;
        Assert.Equal([AgUiEventTypes.RunStarted, AgUiEventTypes.RunFinished], frames.Select(f => f.Type));
    }

    [Fact]
    public async Task Runs_need_a_known_active_agent_and_thread()
    {
        var agent = await client.CreateAgentAsync();
        var loneThread = await client.CreateThreadAsync();
        var agentsThread = await client.CreateThreadAsync(agent.Id());

        await Problem.AssertAsync(await client.PostAsync("/v1/runs", Json.Body(new { thread_id = loneThread.Id() })), HttpStatusCode.BadRequest);
        await Problem.AssertAsync(
            await client.PostAsync("/v1/runs", Json.Body(new { thread_id = Guid.CreateVersion7(), agent_id = agent.Id() })), HttpStatusCode.NotFound);
        await Problem.AssertAsync(
            await client.PostAsync("/v1/runs", Json.Body(new { thread_id = loneThread.Id(), agent_id = Guid.CreateVersion7() })), HttpStatusCode.NotFound);

        await client.DeleteAsync($"/v1/agents/{agent.Id()}");
        var archived = await Problem.AssertAsync(
            await client.PostAsync("/v1/runs", Json.Body(new { thread_id = loneThread.Id(), agent_id = agent.Id() })), HttpStatusCode.Conflict);
        Assert.Contains("archived", archived["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var archivedOwn = await Problem.AssertAsync(
            await client.PostAsync("/v1/runs", Json.Body(new { thread_id = agentsThread.Id() })), HttpStatusCode.Conflict);
        Assert.Contains("archived", archivedOwn["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await Problem.AssertAsync(await client.GetAsync($"/v1/runs/{Guid.CreateVersion7()}"), HttpStatusCode.NotFound);

        // Nothing refused was stored.
        foreach (var thread in new[] { loneThread, agentsThread })
        {
            Assert.Equal(0, (await client.GetJsonAsync($"/v1/runs?thread_id={thread.Id()}"))["total"]!.GetValue<int>());
        }
    }
}
