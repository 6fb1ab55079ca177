using System.Net;
using System.Text.Json.Nodes;
using Everruns.Data.AgUi;
using Everruns.Hosting.Processes;
using Everruns.Tests.Infrastructure;
using Everruns.Tests.Secrets;

namespace Everruns.Tests.Mcp;

/// <summary>Agents use the tools of a real MCP server (the official C# SDK, a separate process) over Streamable HTTP.</summary>
public sealed class McpToolsTests(ApiFixture api, McpServers servers) : IClassFixture<McpServers>
{
    private readonly HttpClient client = api.CreateClient();

    private object Entry(string name = "files", string[]? tools = null, string policy = "auto", string? url = null) => tools is null
        ? new { type = "mcp", name, url = url ?? servers.Open.McpUrl, policy }
        : new { type = "mcp", name, url = url ?? servers.Open.McpUrl, policy, tools };

    [Fact]
    public async Task The_agents_tools_show_the_servers_tools_under_its_name_with_their_schemas()
    {
        var agent = await client.CreateAgentAsync(definition: McpServers.Agent(Entry(), new { type = "builtin", name = "current_time" }));

        var resolved = await client.GetJsonAsync($"/v1/agents/{agent.Id()}/tools");

        var tools = resolved["tools"]!.AsArray();
        Assert.Equal(
            ["files__echo", "files__add", "files__wait", "files__fail", "files__read_file", "current_time"],
            tools.Select(t => t!["name"]!.GetValue<string>()));
        var echo = tools.Single(t => t!["name"]!.GetValue<string>() == "files__echo")!;
        Assert.Equal("mcp", echo["type"]!.GetValue<string>());
        Assert.Equal("Says the text back.", echo["description"]!.GetValue<string>());
        Assert.Equal("string", echo["parameters"]!["properties"]!["text"]!["type"]!.GetValue<string>());
        Assert.Equal("files", echo["mcp_server"]!.GetValue<string>());
        Assert.Equal("read.file", tools.Single(t => t!["name"]!.GetValue<string>() == "files__read_file")!["mcp_tool"]!.GetValue<string>());
        var server = Assert.Single(resolved["mcp_servers"]!.AsArray())!;
        Assert.Equal("available", server["status"]!.GetValue<string>());
        Assert.Equal("http", server["transport"]!.GetValue<string>());
        Assert.Equal(5, server["tool_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_tools_of_an_agent_that_does_not_exist_are_404()
    {
        var response = await client.GetAsync($"/v1/agents/{Guid.CreateVersion7()}/tools");

        await Problem.AssertAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_allow_list_offers_only_its_tools_and_names_those_the_server_lacks()
    {
        var agent = await client.CreateAgentAsync(definition: McpServers.Agent(Entry(tools: ["echo", "add", "teleport"])));

        var resolved = await client.GetJsonAsync($"/v1/agents/{agent.Id()}/tools");

        Assert.Equal(["files__echo", "files__add"], resolved["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
        Assert.Equal(["teleport"], resolved["mcp_servers"]![0]!["missing_tools"]!.AsArray().Select(n => n!.GetValue<string>()));

        // A call of a tool the allow-list leaves out is not made, whatever the model asks.
        var (thread, run) = await client.AskAsync(agent, $"Wait. [tool:files__wait {{\"ms\":1}}] {Guid.NewGuid()}");
        await client.WaitForStatusAsync(run.Id(), "completed");
        var result = (await client.GetJsonAsync($"/v1/threads/{thread.Id()}/messages"))["data"]!.AsArray().Single(m => m!["role"]!.GetValue<string>() == "tool")!;
        Assert.Contains("no tool named 'files__wait'", result["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(await servers.Open.CallsAsync(), call => call!["meta"]?["everruns/run_id"]?.GetValue<string>() == run.Id());
    }

    [Fact]
    public async Task A_run_calls_the_mcp_tool_with_its_run_and_tool_call_ids_in_meta()
    {
        var agent = await client.CreateAgentAsync(definition: McpServers.Agent(Entry()));
        var (thread, run) = await client.AskAsync(agent, $"Echo please. [tool:files__echo {{\"text\":\"hello mcp\"}}] {Guid.NewGuid()}");

        var frames = await client.EventsAsync(run.Id());

        Runs.AssertValidAgUi(frames);
        await client.WaitForStatusAsync(run.Id(), "completed");
        var start = frames.Single(f => f.Type == AgUiEventTypes.ToolCallStart);
        Assert.Equal("files__echo", start.Json["toolCallName"]!.GetValue<string>());
        var callId = start.Json["toolCallId"]!.GetValue<string>();
        Assert.Equal("echo: hello mcp", frames.Single(f => f.Type == AgUiEventTypes.ToolCallResult).Json["content"]!.GetValue<string>());

        var messages = (await client.GetJsonAsync($"/v1/threads/{thread.Id()}/messages"))["data"]!.AsArray();
        Assert.Equal(["user", "assistant", "tool", "assistant"], messages.Select(m => m!["role"]!.GetValue<string>()));
        Assert.Equal("echo: hello mcp", messages[2]!["content"]!.GetValue<string>());
        Assert.Contains("echo: hello mcp", messages[3]!["content"]!.GetValue<string>(), StringComparison.Ordinal);

        var received = await servers.Open.WaitForCallAsync(call => call["meta"]?["everruns/tool_call_id"]?.GetValue<string>() == callId);
        Assert.Equal("echo", received["tool"]!.GetValue<string>());
        Assert.Equal(run.Id(), received["meta"]!["everruns/run_id"]!.GetValue<string>());
        Assert.Equal("hello mcp", received["arguments"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_tool_that_fails_and_a_server_that_is_down_give_the_model_errors_and_the_run_completes()
    {
        var down = $"http://127.0.0.1:{FreePort.Find()}/mcp";
        var agent = await client.CreateAgentAsync(definition: McpServers.Agent(Entry(), Entry("down", url: down)));

        var resolved = await client.GetJsonAsync($"/v1/agents/{agent.Id()}/tools");
        var downStatus = resolved["mcp_servers"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == "down")!;
        Assert.Equal("unavailable", downStatus["status"]!.GetValue<string>());
        Assert.Contains("could not be reached", downStatus["error"]!.GetValue<string>(), StringComparison.Ordinal);

        var (thread, run) = await client.AskAsync(agent, $"Try both. [tool:files__fail {{\"reason\":\"no disk\"}}] [tool:down__echo {{\"text\":\"x\"}}] {Guid.NewGuid()}");
        await client.WaitForStatusAsync(run.Id(), "completed");

        var results = (await client.GetJsonAsync($"/v1/threads/{thread.Id()}/messages"))["data"]!.AsArray()
            .Where(m => m!["role"]!.GetValue<string>() == "tool").Select(m => JsonNode.Parse(m!["content"]!.GetValue<string>())!["error"]!.GetValue<string>()).ToList();
        Assert.Contains(results, error => error.Contains("failed on purpose: no disk", StringComparison.Ordinal));
        Assert.Contains(results, error => error.Contains("The MCP server 'down' could not be reached", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tool_that_requires_approval_waits_and_is_called_once_approved()
    {
        var agent = await client.CreateAgentAsync(definition: McpServers.Agent(Entry(policy: "requires_approval")));
        var (thread, run) = await client.AskAsync(agent, $"Add. [tool:files__add {{\"a\":2,\"b\":3}}] {Guid.NewGuid()}");

        await client.WaitForStatusAsync(run.Id(), "waiting");
        Assert.DoesNotContain(await servers.Open.CallsAsync(), call => call!["meta"]?["everruns/run_id"]?.GetValue<string>() == run.Id());
        var toolCallId = (await client.GetJsonAsync($"/v1/runs/{run.Id()}/approvals"))["data"]![0]!["tool_call_id"]!.GetValue<string>();
        await client.PostJsonAsync($"/v1/runs/{run.Id()}/approvals", new { tool_call_id = toolCallId, decision = "approve" }, HttpStatusCode.OK);

        await client.WaitForStatusAsync(run.Id(), "completed");
        var result = (await client.GetJsonAsync($"/v1/threads/{thread.Id()}/messages"))["data"]!.AsArray().Single(m => m!["role"]!.GetValue<string>() == "tool")!;
        Assert.Equal("5", result["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Header_values_are_sent_to_the_server_encrypted_at_rest_and_never_returned()
    {
        var entry = new { type = "mcp", name = "private", url = servers.Guarded.McpUrl, headers = new Dictionary<string, string> { ["Authorization"] = $"Bearer {McpServers.Token}" } };
        var agent = await client.CreateAgentAsync(definition: McpServers.Agent(entry));

        Assert.Equal("********", agent["definition"]!["tools"]![0]!["headers"]!["Authorization"]!.GetValue<string>());
        Assert.DoesNotContain(McpServers.Token, await RawAgents.DefinitionAsync(api.ConnectionString, agent.Id()), StringComparison.Ordinal);
        Assert.DoesNotContain(McpServers.Token, (await client.GetJsonAsync($"/v1/agents/{agent.Id()}")).ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("available", (await client.GetJsonAsync($"/v1/agents/{agent.Id()}/tools"))["mcp_servers"]![0]!["status"]!.GetValue<string>());

        // The definition sent back as it was read keeps the stored token.
        var edited = agent["definition"]!.DeepClone();
        edited["system_prompt"] = "Changed.";
        var patched = await client.PatchAsync($"/v1/agents/{agent.Id()}", Json.Body(new { definition = edited }));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var (thread, run) = await client.AskAsync(agent, $"Echo. [tool:private__echo {{\"text\":\"kept\"}}] {Guid.NewGuid()}");
        await client.WaitForStatusAsync(run.Id(), "completed");
        var result = (await client.GetJsonAsync($"/v1/threads/{thread.Id()}/messages"))["data"]!.AsArray().Single(m => m!["role"]!.GetValue<string>() == "tool")!;
        Assert.Equal("echo: kept", result["content"]!.GetValue<string>());

        var wrong = await client.CreateAgentAsync(definition: McpServers.Agent(new { type = "mcp", name = "private", url = servers.Guarded.McpUrl }));
        var refused = (await client.GetJsonAsync($"/v1/agents/{wrong.Id()}/tools"))["mcp_servers"]![0]!;
        Assert.Equal("unavailable", refused["status"]!.GetValue<string>());
        Assert.Contains("401", refused["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"mcp","name":"a__b","url":"https://mcp.example.com/mcp"}""", "definition.tools[0].name")]
    [InlineData("""{"type":"mcp","name":"files"}""", "definition.tools[0].url")]
    [InlineData("""{"type":"mcp","name":"files","url":"ftp://mcp.example.com"}""", "definition.tools[0].url")]
    [InlineData("""{"type":"mcp","name":"files","url":"https://mcp.example.com/mcp","parameters":{"type":"object"}}""", "definition.tools[0].parameters")]
    [InlineData("""{"type":"mcp","name":"files","url":"https://mcp.example.com/mcp","headers":{"Mcp-Session-Id":"x"}}""", "definition.tools[0].headers.Mcp-Session-Id")]
    [InlineData("""{"type":"mcp","name":"files","url":"https://mcp.example.com/mcp","headers":{"Authorization":"********"}}""", "definition.tools[0].headers.Authorization")]
    [InlineData("""{"type":"mcp","name":"files","command":"npx","args":["some-server"]}""", "definition.tools[0].command")]
    public async Task An_invalid_mcp_entry_is_refused_with_the_field_named(string entry, string field)
    {
        var response = await client.PostAsync("/v1/agents", Json.Body("""{"name":"bad","definition":{"tools":[""" + entry + "]}}"));

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]![field] is not null, problem.ToJsonString());
    }

    [Fact]
    public async Task Another_tool_may_not_take_a_name_of_the_servers_tools()
    {
        var response = await client.PostAsync("/v1/agents", Json.Body(McpServers.Agent(
            Entry(), new { type = "webhook", name = "files__echo", url = "https://example.com/hook" }) is var definition
            ? new { name = "clash", definition } : null));

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("MCP server 'files'", problem["errors"]!["definition.tools[1].name"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
