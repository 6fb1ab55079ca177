using System.Net;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.AppHost;

/// <summary>The AppHost's app model (embedded PostgreSQL, database, API) booted with Aspire.Hosting.Testing, used, stopped.</summary>
public sealed class AspireStackTests
{
    [Fact(Timeout = 300_000)]
    public async Task Runs_an_agent_over_http_and_sse_through_the_app_model()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stack = await AspireStack.StartAsync(withUi: false, new Dictionary<string, string> { ["Models__Simulator__TokensPerSecond"] = "0" });
        using var client = stack.CreateHttpClient("api");

        var health = await client.GetJsonAsync("/health");
        Assert.Equal("healthy", health["status"]!.GetValue<string>());

        var agent = await client.PostJsonAsync("/v1/agents", new { name = "aspire-test" }, HttpStatusCode.Created);
        var thread = await client.PostJsonAsync("/v1/threads", new { agent_id = agent.Id() }, HttpStatusCode.Created);
        await client.PostJsonAsync($"/v1/threads/{thread.Id()}/messages", new { role = "user", content = "hi" }, HttpStatusCode.Created);
        var run = await client.PostJsonAsync("/v1/runs", new { thread_id = thread.Id() }, HttpStatusCode.Created);

        var types = new List<string>();
        await foreach (var frame in SseClient.StreamAsync(client, $"/v1/runs/{run.Id()}/events", timeout: TimeSpan.FromSeconds(60)).WithCancellation(ct))
        {
            types.Add(frame.Type);
        }

        Assert.Equal("RUN_STARTED", types[0]);
        Assert.Contains("TEXT_MESSAGE_CONTENT", types);
        Assert.Equal("RUN_FINISHED", types[^1]);
        var finished = await client.GetJsonAsync($"/v1/runs/{run.Id()}");
        Assert.Equal("completed", finished["status"]!.GetValue<string>());
    }
}
