using System.Net;
using System.Text.Json.Nodes;
using Everruns.Data.AgUi;
using Everruns.Tests.Infrastructure;
using Everruns.Tests.Tools;

namespace Everruns.Tests.Execution;

/// <summary>Tool calls that need a person's approval: the run waits, durably, and goes on with the answer.</summary>
public sealed class ApprovalTests(ApiFixture api)
{
    private readonly HttpClient client = api.CreateClient();

    private static object GuardedAgent(string url) => new
    {
        tools = new[]
        {
            new
            {
                type = "webhook",
                name = "refund",
                description = "Refunds an order",
                url,
                policy = "requires_approval",
                parameters = new { type = "object", properties = new { order = new { type = "string" } } },
            },
        },
    };

    private static async Task<JsonNode> WaitingRunAsync(HttpClient client, string url, string arguments = """{"order":"A-1"}""")
    {
        var agent = await client.CreateAgentAsync(definition: GuardedAgent(url));
        var (_, run) = await client.AskAsync(agent, $"Refund it. [tool:refund {arguments}]");
        return run;
    }

    [Fact]
    public async Task A_guarded_tool_call_waits_for_approval_and_runs_once_approved()
    {
        await using var receiver = await WebhookReceiver.StartAsync(200, """{"refunded":true}""");
        var run = await WaitingRunAsync(client, receiver.Url);

        var firstTurn = await client.EventsAsync(run.Id());
        Assert.Equal(AgUiEventTypes.RunFinished, firstTurn[^1].Type);
        var outcome = firstTurn[^1].Json["outcome"]!;
        Assert.Equal("interrupt", outcome["type"]!.GetValue<string>());
        var toolCallId = outcome["interrupts"]![0]!["toolCallId"]!.GetValue<string>();
        await client.WaitForStatusAsync(run.Id(), "waiting");
        Assert.Empty(receiver.Requests);

        var pending = await client.GetJsonAsync($"/v1/runs/{run.Id()}/approvals");
        Assert.Equal("pending", pending["data"]![0]!["status"]!.GetValue<string>());
        Assert.Equal("refund", pending["data"]![0]!["tool_name"]!.GetValue<string>());
        // The same list envelope as every other list: the limit asked for (or the default), not the count.
        Assert.Equal(1, pending["total"]!.GetValue<int>());
        Assert.Equal(50, pending["limit"]!.GetValue<int>());
        Assert.Empty((await client.GetJsonAsync($"/v1/runs/{run.Id()}/approvals?limit=5&offset=1"))["data"]!.AsArray());

        var approved = await client.PostJsonAsync($"/v1/runs/{run.Id()}/approvals", new { tool_call_id = toolCallId, decision = "approve" }, HttpStatusCode.OK);
        Assert.Equal("approved", approved["status"]!.GetValue<string>());

        await client.WaitForStatusAsync(run.Id(), "completed");
        var all = await client.EventsAsync(run.Id());
        Runs.AssertValidAgUi(all);
        Runs.AssertGapFree(all);
        Assert.Equal(2, all.Count(f => f.Type == AgUiEventTypes.RunStarted));
        Assert.Contains("refunded", all.Single(f => f.Type == AgUiEventTypes.ToolCallResult).Json["content"]!.GetValue<string>(), StringComparison.Ordinal);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("A-1", request.BodyJson!["order"]!.GetValue<string>());

        // The same answer again is harmless; another answer is a conflict.
        await client.PostJsonAsync($"/v1/runs/{run.Id()}/approvals", new { tool_call_id = toolCallId, decision = "approve" }, HttpStatusCode.OK);
        await Problem.AssertAsync(
            await client.PostAsync($"/v1/runs/{run.Id()}/approvals", Json.Body(new { tool_call_id = toolCallId, decision = "deny" })),
            HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_approver_can_edit_the_arguments()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var run = await WaitingRunAsync(client, receiver.Url);
        await client.WaitForStatusAsync(run.Id(), "waiting");
        var toolCallId = (await client.GetJsonAsync($"/v1/runs/{run.Id()}/approvals"))["data"]![0]!["tool_call_id"]!.GetValue<string>();

        await client.PostJsonAsync(
            $"/v1/runs/{run.Id()}/approvals",
            new { tool_call_id = toolCallId, decision = "approve", arguments = new { order = "B-2" } },
            HttpStatusCode.OK);

        await client.WaitForStatusAsync(run.Id(), "completed");
        Assert.Equal("B-2", Assert.Single(receiver.Requests).BodyJson!["order"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_denied_call_does_not_run_and_the_model_hears_why()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var run = await WaitingRunAsync(client, receiver.Url);
        await client.WaitForStatusAsync(run.Id(), "waiting");
        var toolCallId = (await client.GetJsonAsync($"/v1/runs/{run.Id()}/approvals"))["data"]![0]!["tool_call_id"]!.GetValue<string>();

        await client.PostJsonAsync(
            $"/v1/runs/{run.Id()}/approvals", new { tool_call_id = toolCallId, decision = "deny", reason = "Not eligible" }, HttpStatusCode.OK);

        var done = await client.WaitForStatusAsync(run.Id(), "completed");
        Assert.Empty(receiver.Requests);
        var messages = (await client.GetJsonAsync($"/v1/threads/{done["thread_id"]!.GetValue<string>()}/messages"))["data"]!.AsArray();
        var toolMessage = messages.Single(m => m!["role"]!.GetValue<string>() == "tool");
        Assert.Contains("Not eligible", toolMessage!["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_answers_are_refused()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var run = await WaitingRunAsync(client, receiver.Url);
        await client.WaitForStatusAsync(run.Id(), "waiting");
        var url = $"/v1/runs/{run.Id()}/approvals";

        await Problem.AssertAsync(await client.PostAsync(url, Json.Body(new { tool_call_id = "nope", decision = "approve" })), HttpStatusCode.NotFound);
        await Problem.AssertAsync(await client.PostAsync(url, Json.Body(new { tool_call_id = "x", decision = "maybe" })), HttpStatusCode.BadRequest);
        await Problem.AssertAsync(
            await client.PostAsync(url, Json.Body(new { tool_call_id = "x", decision = "approve", arguments = new[] { 1 } })), HttpStatusCode.BadRequest);
        await Problem.AssertAsync(
            await client.PostAsync($"/v1/runs/{Guid.CreateVersion7()}/approvals", Json.Body(new { tool_call_id = "x", decision = "approve" })),
            HttpStatusCode.NotFound);
        await client.WaitForStatusAsync(run.Id(), "waiting");
    }

    [Fact]
    public async Task An_unanswered_approval_expires_and_the_run_goes_on()
    {
        var settings = new Dictionary<string, string?>(ApiFixture.Settings) { ["AgentRunner:ApprovalTimeout"] = "00:00:01" };
        await using var own = await OwnApi.StartAsync(api.Postgres, "everruns_expiry", settings);
        await using var receiver = await WebhookReceiver.StartAsync();
        var run = await WaitingRunAsync(own.Client, receiver.Url);

        var done = await own.Client.WaitForStatusAsync(run.Id(), "completed", TimeSpan.FromSeconds(20));

        Assert.Empty(receiver.Requests);
        var approvals = await own.Client.GetJsonAsync($"/v1/runs/{run.Id()}/approvals");
        Assert.Equal("expired", approvals["data"]![0]!["status"]!.GetValue<string>());
        Runs.AssertValidAgUi(await own.Client.EventsAsync(run.Id()));
    }

    [Fact]
    public async Task The_wait_survives_a_restart_of_the_api()
    {
        var database = await api.Postgres.CreateDatabaseAsync("everruns_restart");
        await using var receiver = await WebhookReceiver.StartAsync();
        string runId;
        await using (var before = new ApiFactory(database, ApiFixture.Settings))
        {
            var beforeClient = before.CreateClient();
            runId = (await WaitingRunAsync(beforeClient, receiver.Url)).Id();
            await beforeClient.WaitForStatusAsync(runId, "waiting");
        }

        await using var after = new ApiFactory(database, ApiFixture.Settings);
        var afterClient = after.CreateClient();
        var toolCallId = (await afterClient.GetJsonAsync($"/v1/runs/{runId}/approvals"))["data"]![0]!["tool_call_id"]!.GetValue<string>();
        await afterClient.PostJsonAsync($"/v1/runs/{runId}/approvals", new { tool_call_id = toolCallId, decision = "approve" }, HttpStatusCode.OK);

        await afterClient.WaitForStatusAsync(runId, "completed");
        Assert.Single(receiver.Requests);
        await api.Postgres.DropDatabaseAsync(database);
    }
}
