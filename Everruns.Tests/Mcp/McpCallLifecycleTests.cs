using System.Net;
using System.Text.Json.Nodes;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.Mcp;

/// <summary>
/// An MCP tool call's time limit and cancellation, the listing kept per agent version, and the older HTTP+SSE
/// transport, against the real test MCP server.
/// </summary>
public sealed class McpCallLifecycleTests(ApiFixture api, McpServers servers) : IClassFixture<McpServers>
{
    private readonly HttpClient client = api.CreateClient();

    private static async Task<string> ToolResultAsync(HttpClient client, JsonNode thread) =>
        (await client.GetJsonAsync($"/v1/threads/{thread.Id()}/messages"))["data"]!.AsArray()
            .Single(m => m!["role"]!.GetValue<string>() == "tool")!["content"]!.GetValue<string>();

    private static bool OfRun(JsonNode call, JsonNode run) => call["meta"]?["everruns/run_id"]?.GetValue<string>() == run.Id();

    [Fact]
    public async Task A_call_slower_than_the_entrys_timeout_gives_the_model_an_error_and_the_run_completes()
    {
        var agent = await client.CreateAgentAsync(definition: McpServers.Agent(new { type = "mcp", name = "slow", url = servers.Open.McpUrl, timeout_secs = 1 }));

        var (thread, run) = await client.AskAsync(agent, $"Wait. [tool:slow__wait {{\"ms\":5000}}] {Guid.NewGuid()}");

        await client.WaitForStatusAsync(run.Id(), "completed", TimeSpan.FromSeconds(30));
        var error = JsonNode.Parse(await ToolResultAsync(client, thread))!["error"]!.GetValue<string>();
        Assert.Equal("The MCP server 'slow' did not answer within 1 seconds.", error);
        Assert.False((await servers.Open.WaitForCallAsync(call => OfRun(call, run)))["finished"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Cancelling_the_run_stops_its_mcp_call_and_tells_the_server()
    {
        var agent = await client.CreateAgentAsync(definition: McpServers.Agent(new { type = "mcp", name = "slow", url = servers.Open.McpUrl }));
        var (_, run) = await client.AskAsync(agent, $"Wait. [tool:slow__wait {{\"ms\":60000}}] {Guid.NewGuid()}");
        await servers.Open.WaitForCallAsync(call => OfRun(call, run));

        var cancelled = await client.PostAsync($"/v1/runs/{run.Id()}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var done = await client.WaitForEndAsync(run.Id(), TimeSpan.FromSeconds(15));
        Assert.Equal("cancelled", done["status"]!.GetValue<string>());
        Runs.AssertValidAgUi(await client.EventsAsync(run.Id()));
        await servers.Open.WaitForCallAsync(call => OfRun(call, run) && call["cancelled"]!.GetValue<bool>(), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_listing_is_kept_for_the_agent_version_until_refreshed_or_the_agent_changes()
    {
        await using var server = await McpTestServerProcess.StartAsync();
        var entry = new { type = "mcp", name = "brief", url = server.McpUrl, tools = new[] { "echo" } };
        var refreshed = await client.CreateAgentAsync(definition: McpServers.Agent(entry));
        var changed = await client.CreateAgentAsync(definition: McpServers.Agent(entry));
        async Task<string> StatusAsync(JsonNode agent, string query = "") =>
            (await client.GetJsonAsync($"/v1/agents/{agent.Id()}/tools{query}"))["mcp_servers"]![0]!["status"]!.GetValue<string>();
        Assert.Equal("available", await StatusAsync(refreshed));
        Assert.Equal("available", await StatusAsync(changed));

        await server.StopAsync();

        // The server is gone, but its listing is kept (Tools:McpToolsCacheSeconds, 60 s by default)...
        Assert.Equal("available", await StatusAsync(refreshed));
        Assert.Equal("available", await StatusAsync(changed));
        // ... until it is asked for anew, or the agent changes.
        Assert.Equal("unavailable", await StatusAsync(refreshed, "?refresh=true"));
        var patched = await client.PatchAsync($"/v1/agents/{changed.Id()}", Json.Body(new { description = "A new version." }));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("unavailable", await StatusAsync(changed));
    }

    [Fact]
    public async Task A_server_on_the_older_http_sse_transport_is_used_as_well()
    {
        await using var server = await McpTestServerProcess.StartAsync(legacySse: true);
        var legacy = new Uri(server.Address, "/mcp/sse").ToString();
        var agent = await client.CreateAgentAsync(definition: McpServers.Agent(new { type = "mcp", name = "old", url = legacy, tools = new[] { "add" } }));

        var status = (await client.GetJsonAsync($"/v1/agents/{agent.Id()}/tools"))["mcp_servers"]![0]!;
        Assert.True(status["status"]!.GetValue<string>() == "available", status.ToJsonString());

        var (thread, run) = await client.AskAsync(agent, $"Add. [tool:old__add {{\"a\":40,\"b\":2}}] {Guid.NewGuid()}");
        await client.WaitForStatusAsync(run.Id(), "completed");
        Assert.Equal("42", await ToolResultAsync(client, thread));
        Assert.NotNull(await server.WaitForCallAsync(call => OfRun(call, run)));
    }
}
