using System.Net;
using Everruns.Tests.Infrastructure;

namespace Everruns.Tests.Mcp;

/// <summary>What the operator's tool settings allow: stdio servers (Tools:AllowStdioMcp) and private addresses (Tools:AllowPrivateNetworks).</summary>
public sealed class McpOperatorSettingsTests(ApiFixture api)
{
    private static object StdioAgent()
    {
        var (command, args) = McpTestServerProcess.StdioCommand;
        return new { tools = new[] { new { type = "mcp", name = "local", command, args, env = new Dictionary<string, string> { ["GREETING"] = "hi" } } } };
    }

    [Fact]
    public async Task A_stdio_server_is_refused_unless_allowed_and_then_its_tools_are_listed()
    {
        using var refused = api.CreateClient();
        var problem = await Problem.AssertAsync(
            await refused.PostAsync("/v1/agents", Json.Body(new { name = "stdio", definition = StdioAgent() })), HttpStatusCode.BadRequest);
        Assert.Contains("Tools__AllowStdioMcp=true", problem["errors"]!["definition.tools[0].command"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        // On the shared database, so an instance that executes no runs (it must not take the other tests' runs).
        await using var allowing = new ApiFactory(api.ConnectionString, new Dictionary<string, string?>
        {
            ["Tools:AllowStdioMcp"] = "true",
            ["AgentRunner:MaxConcurrentRuns"] = "0",
        });
        using var client = allowing.CreateClient();
        var agent = await client.CreateAgentAsync(definition: StdioAgent());

        Assert.Equal("********", agent["definition"]!["tools"]![0]!["env"]!["GREETING"]!.GetValue<string>());
        var resolved = await client.GetJsonAsync($"/v1/agents/{agent.Id()}/tools");
        var server = resolved["mcp_servers"]![0]!;
        Assert.True(server["status"]!.GetValue<string>() == "available", server.ToJsonString());
        Assert.Equal("stdio", server["transport"]!.GetValue<string>());
        Assert.Contains(resolved["tools"]!.AsArray(), tool => tool!["name"]!.GetValue<string>() == "local__echo");
    }

    [Fact]
    public async Task A_server_on_a_private_address_is_refused_unless_private_networks_are_allowed()
    {
        await using var server = await McpTestServerProcess.StartAsync();
        await using var strict = new ApiFactory(api.ConnectionString, new Dictionary<string, string?>
        {
            ["Tools:AllowPrivateNetworks"] = "false",
            ["AgentRunner:MaxConcurrentRuns"] = "0",
        });
        using var client = strict.CreateClient();
        var agent = await client.CreateAgentAsync(definition: new { tools = new[] { new { type = "mcp", name = "near", url = server.McpUrl } } });

        var status = (await client.GetJsonAsync($"/v1/agents/{agent.Id()}/tools"))["mcp_servers"]![0]!;

        Assert.Equal("unavailable", status["status"]!.GetValue<string>());
        Assert.Contains("Refused to connect to 127.0.0.1: it is a loopback address", status["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Tools:AllowPrivateNetworks", status["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(await server.CallsAsync());
    }
}
