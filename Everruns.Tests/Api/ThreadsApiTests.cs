using System.Net;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.Api;

public sealed class ThreadsApiTests(ApiFixture api)
{
    private readonly HttpClient client = api.CreateClient();

    [Fact]
    public async Task Create_a_thread_for_an_agent_with_metadata()
    {
        var agent = await client.CreateAgentAsync();

        var thread = await client.PostJsonAsync(
            "/v1/threads", new { agent_id = agent.Id(), title = "Hello", metadata = new { customer = "c-1" } }, HttpStatusCode.Created);

        Assert.Equal(agent.Id(), thread["agent_id"]!.GetValue<string>());
        Assert.Equal("Hello", thread["title"]!.GetValue<string>());
        Assert.Equal("c-1", thread["metadata"]!["customer"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_archived_agent_gets_no_new_threads_as_it_gets_no_runs()
    {
        var agent = await client.CreateAgentAsync();
        await client.DeleteAsync($"/v1/agents/{agent.Id()}");
        var before = (await client.GetJsonAsync($"/v1/threads?agent_id={agent.Id()}"))["total"]!.GetValue<long>();

        var refused = await Problem.AssertAsync(
            await client.PostAsync("/v1/threads", Json.Body(new { agent_id = agent.Id() })), HttpStatusCode.Conflict);

        Assert.Contains("archived", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, (await client.GetJsonAsync($"/v1/threads?agent_id={agent.Id()}"))["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_thread_without_anything_is_fine()
    {
        var response = await client.PostAsync("/v1/threads", Json.Body("{}"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var thread = await response.ReadJsonAsync();
        Assert.Null(thread["agent_id"]);
        Assert.Empty(thread["metadata"]!.AsObject());
    }

    [Fact]
    public async Task Messages_are_listed_oldest_first_and_paged()
    {
        var thread = await client.CreateThreadAsync();
        for (var i = 1; i <= 3; i++)
        {
            await client.PostJsonAsync($"/v1/threads/{thread.Id()}/messages", new { role = "user", content = $"message {i}" }, HttpStatusCode.Created);
        }

        var all = await client.GetJsonAsync($"/v1/threads/{thread.Id()}/messages");
        Assert.Equal(["message 1", "message 2", "message 3"], all["data"]!.AsArray().Select(m => m!["content"]!.GetValue<string>()));
        Assert.Equal(3, all["total"]!.GetValue<long>());

        var second = await client.GetJsonAsync($"/v1/threads/{thread.Id()}/messages?limit=1&offset=1");
        Assert.Equal("message 2", second["data"]![0]!["content"]!.GetValue<string>());

        var detail = await client.GetJsonAsync($"/v1/threads/{thread.Id()}");
        Assert.Equal(3, detail["messages"]!.AsArray().Count);
        Assert.Equal("user", detail["messages"]![0]!["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task Threads_list_newest_first()
    {
        var older = await client.CreateThreadAsync();
        var newer = await client.CreateThreadAsync();

        var list = await client.GetJsonAsync("/v1/threads?limit=200");
        var ids = list["data"]!.AsArray().Select(t => t!.Id()).ToList();

        Assert.True(ids.IndexOf(newer.Id()) < ids.IndexOf(older.Id()));
    }

    [Fact]
    public async Task Bad_messages_are_refused()
    {
        var thread = await client.CreateThreadAsync();
        var url = $"/v1/threads/{thread.Id()}/messages";

        await Problem.AssertAsync(await client.PostAsync(url, Json.Body(new { role = "tool", content = "x" })), HttpStatusCode.BadRequest);
        await Problem.AssertAsync(await client.PostAsync(url, Json.Body(new { role = "robot", content = "x" })), HttpStatusCode.BadRequest);
        await Problem.AssertAsync(await client.PostAsync(url, Json.Body(new { role = "user", content = "" })), HttpStatusCode.BadRequest);
        await Problem.AssertAsync(await client.PostAsync(url, Json.Body(new { role = "user" })), HttpStatusCode.BadRequest);
        await Problem.AssertAsync(
            await client.PostAsync($"/v1/threads/{Guid.CreateVersion7()}/messages", Json.Body(new { role = "user", content = "x" })),
            HttpStatusCode.NotFound);

        var messages = await client.GetJsonAsync(url);
        Assert.Equal(0, messages["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Unknown_agent_or_bad_metadata_is_refused()
    {
        await Problem.AssertAsync(
            await client.PostAsync("/v1/threads", Json.Body(new { agent_id = Guid.CreateVersion7() })), HttpStatusCode.NotFound);
        await Problem.AssertAsync(
            await client.PostAsync("/v1/threads", Json.Body(new { metadata = new[] { 1, 2 } })), HttpStatusCode.BadRequest);
        await Problem.AssertAsync(await client.GetAsync($"/v1/threads/{Guid.CreateVersion7()}"), HttpStatusCode.NotFound);
    }
}
