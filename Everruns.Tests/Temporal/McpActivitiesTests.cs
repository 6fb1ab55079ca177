using Everruns.Data.Agents;
using Everruns.Data.AgUi;
using Everruns.Data.Threads;
using Everruns.Tests.Infrastructure;
using Everruns.Worker.Execution;
using Everruns.Worker.Temporal;

namespace Everruns.Tests.Temporal;

/// <summary>
/// In Temporal mode the MCP servers are listed and called inside the activities (the workflow does no I/O), through
/// the same engine steps as in-process: here over Streamable HTTP and over stdio, in the workflow's order.
/// </summary>
public sealed class McpActivitiesTests(ApiFixture api)
{
    [Fact]
    public async Task The_activities_list_and_call_the_tools_of_http_and_stdio_mcp_servers()
    {
        await using var server = await McpTestServerProcess.StartAsync();
        await using var host = await ActivityTestHost.StartAsync(api.Postgres, settings: new Dictionary<string, string?>
        {
            ["Tools:AllowPrivateNetworks"] = "true",
            ["Tools:AllowStdioMcp"] = "true",
        });
        var (command, args) = McpTestServerProcess.StdioCommand;
        var remote = new ToolDefinition { Type = ToolType.Mcp, Name = "remote", Url = server.McpUrl, TimeoutSecs = 20 };
        var local = new ToolDefinition { Type = ToolType.Mcp, Name = "local", Command = command, Args = args, Tools = ["add"] };
        var run = await host.CreateRunAsync(
            """Both. [tool:remote__echo {"text":"over http"}] [tool:local__add {"a":20,"b":22}]""", tools: [remote, local]);

        var begun = await ActivityRuns.Environment().RunAsync(() => host.Activities().BeginRunAsync(new AgentRunInput(run.Id)));
        var afterModel = await ActivityRuns.Environment().RunAsync(() => host.Activities().CallModelAsync(new StepInput(run.Id, begun.Next!)));
        var afterTools = await ActivityRuns.Environment().RunAsync(() => host.Activities().RunToolsAsync(new StepInput(run.Id, afterModel)));
        var afterAnswer = await ActivityRuns.Environment().RunAsync(() => host.Activities().CallModelAsync(new StepInput(run.Id, afterTools)));
        var outcome = await ActivityRuns.Environment().RunAsync(() => host.Activities().FinishRunAsync(new FinishInput(run.Id, FinishKind.Concluded, afterAnswer)));

        var tools = Assert.IsType<NextStep.RunTools>(afterModel);
        Assert.Equal(["remote__echo", "local__add"], tools.Calls.Select(call => call.Name));
        Assert.Equal(ToolBudget.For(local), tools.Budget);  // the slowest: local keeps the default timeout, remote has 20 s
        Assert.Equal(RunOutcomes.Completed, outcome);

        var results = (await host.MessagesAsync(run)).Where(m => m.Role == MessageRole.Tool).Select(m => m.Content).ToList();
        Assert.Equal(["echo: over http", "42"], results);
        var received = await server.WaitForCallAsync(call => call["meta"]?["everruns/run_id"]?.GetValue<string>() == run.Id.ToString());
        Assert.Equal(tools.Calls[0].Id, received["meta"]!["everruns/tool_call_id"]!.GetValue<string>());
        ActivityRuns.AssertValid(await host.EventsAsync(run.Id));
        Assert.Equal(2, (await host.EventsAsync(run.Id)).Count(e => e is ToolCallResultEvent));
    }
}
