using System.Net;
using System.Text.Json.Nodes;
using Everruns.Tests.Infrastructure;
using Everruns.Tests.Tools;
using Npgsql;

namespace Everruns.Tests.Webhooks;

/// <summary>A run's completion webhook, as its receiver and the run's deliveries list see it.</summary>
public sealed class CompletionWebhookTests(ApiFixture api)
{
    private const string Secret = "whsec_completion_9c1d";

    [Fact]
    public async Task A_run_with_a_webhook_calls_it_once_signed_with_the_runs_end()
    {
        await using var receiver = await WebhookReceiver.StartAsync(200, "{}");
        var client = api.CreateClient();
        var agent = await client.CreateAgentAsync();

        var (thread, run) = await client.AskWithWebhookAsync(agent, "Tell me something.", new { url = receiver.Url, secret = Secret });

        var delivery = Assert.Single(await client.WaitForSettledAsync(run.Id()))!;
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("POST", request.Method);
        Assert.True(Deliveries.SignatureIsValid(request, Secret), "The signature does not verify with the secret.");
        Assert.False(Deliveries.SignatureIsValid(request, "another secret"));
        Assert.Equal(delivery.Id(), request.Header("Idempotency-Key"));
        Assert.Equal(run.Id(), request.Header("X-Everruns-Run-Id"));
        Assert.StartsWith("application/json", request.Header("Content-Type"));

        var finished = await client.GetJsonAsync($"/v1/runs/{run.Id()}");
        var answer = (await client.GetJsonAsync($"/v1/threads/{thread.Id()}/messages"))["data"]!.AsArray()
            .Single(m => m!["role"]!.GetValue<string>() == "assistant")!["content"]!.GetValue<string>();
        var body = request.BodyJson!;
        Assert.Equal(delivery.Id(), body["delivery_id"]!.GetValue<string>());
        Assert.Equal(run.Id(), body["run_id"]!.GetValue<string>());
        Assert.Equal(thread.Id(), body["thread_id"]!.GetValue<string>());
        Assert.Equal(agent.Id(), body["agent_id"]!.GetValue<string>());
        Assert.Equal("completed", body["status"]!.GetValue<string>());
        Assert.Equal(answer, body["final_answer"]!.GetValue<string>());
        Assert.Null(body["error"]);
        Assert.True(JsonNode.DeepEquals(finished["usage"], body["usage"]), $"{finished["usage"]} != {body["usage"]}");
        Assert.True(body["usage"]!["total_tokens"]!.GetValue<long>() > 0);

        Assert.Equal("delivered", delivery["status"]!.GetValue<string>());
        Assert.Equal("completed", delivery["run_status"]!.GetValue<string>());
        Assert.Equal(receiver.Url, delivery["url"]!.GetValue<string>());
        Assert.Equal([("delivered", (int?)200)], Deliveries.Attempts(delivery));
        Assert.Null(delivery["next_attempt_at"]);
        Assert.Null(delivery["secret"]);
    }

    [Fact]
    public async Task A_failed_run_tells_its_webhook_the_error_and_its_code()
    {
        await using var receiver = await WebhookReceiver.StartAsync(204, "");
        var client = api.CreateClient();
        var agent = await client.CreateAgentAsync();

        var (_, run) = await client.AskWithWebhookAsync(agent, "Fail please. [error:400]", new { url = receiver.Url });

        var delivery = Assert.Single(await client.WaitForSettledAsync(run.Id()));
        Assert.Equal("delivered", delivery!["status"]!.GetValue<string>());
        var body = Assert.Single(receiver.Requests).BodyJson!;
        Assert.Equal("failed", body["status"]!.GetValue<string>());
        Assert.Equal("model_error", body["error"]!["code"]!.GetValue<string>());
        Assert.Contains("400", body["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(body["final_answer"]);
        Assert.Null(Assert.Single(receiver.Requests).Header("X-Everruns-Signature"));
    }

    [Fact]
    public async Task The_agents_webhook_is_called_for_runs_that_name_none_and_a_runs_own_webhook_replaces_it()
    {
        await using var agentReceiver = await WebhookReceiver.StartAsync();
        await using var runReceiver = await WebhookReceiver.StartAsync();
        var client = api.CreateClient();
        var agent = await client.CreateAgentAsync(definition: new
        {
            system_prompt = "You are helpful.",
            completion_webhook = new { url = agentReceiver.Url, secret = Secret },
        });

        Assert.Equal(agentReceiver.Url, agent["definition"]!["completion_webhook"]!["url"]!.GetValue<string>());
        Assert.Null(agent["definition"]!["completion_webhook"]!["secret"]);
        var (_, byAgent) = await client.AskWithWebhookAsync(agent, "First.", webhook: null);
        var (_, byRun) = await client.AskWithWebhookAsync(agent, "Second.", new { url = runReceiver.Url, secret = "the run's own" });

        await client.WaitForSettledAsync(byAgent.Id());
        await client.WaitForSettledAsync(byRun.Id());
        var toAgent = Assert.Single(agentReceiver.Requests);
        Assert.Equal(byAgent.Id(), toAgent.BodyJson!["run_id"]!.GetValue<string>());
        Assert.True(Deliveries.SignatureIsValid(toAgent, Secret));
        var toRun = Assert.Single(runReceiver.Requests);
        Assert.Equal(byRun.Id(), toRun.BodyJson!["run_id"]!.GetValue<string>());
        Assert.True(Deliveries.SignatureIsValid(toRun, "the run's own"));

        // Encrypted at rest: neither the agent's nor the run's secret is stored as it was given.
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var stored = new NpgsqlCommand(
            "SELECT definition->'completion_webhook'->>'secret' FROM agents WHERE id = @id", connection);
        stored.Parameters.AddWithValue("id", Guid.Parse(agent.Id()));
        Assert.StartsWith("enc:v1:", (string)(await stored.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
        await using var leftovers = new NpgsqlCommand(
            "SELECT count(*) FROM runs WHERE id = ANY(@ids) AND webhook_secret IS NOT NULL", connection);
        leftovers.Parameters.AddWithValue("ids", new[] { Guid.Parse(byAgent.Id()), Guid.Parse(byRun.Id()) });
        Assert.Equal(0L, await leftovers.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_run_that_waits_for_approval_calls_its_webhook_then_again_when_it_ends()
    {
        await using var tool = await WebhookReceiver.StartAsync(200, """{"refunded":true}""");
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = api.CreateClient();
        var agent = await client.CreateAgentAsync(definition: new
        {
            tools = new[] { new { type = "webhook", name = "refund", url = tool.Url, policy = "requires_approval" } },
        });

        var (_, run) = await client.AskWithWebhookAsync(agent, "Refund it. [tool:refund]", new { url = receiver.Url });
        var waiting = Assert.Single(await client.WaitForSettledAsync(run.Id()));
        Assert.Equal("waiting", waiting!["run_status"]!.GetValue<string>());
        Assert.Equal("waiting", Assert.Single(receiver.Requests).BodyJson!["status"]!.GetValue<string>());

        var approval = (await client.GetJsonAsync($"/v1/runs/{run.Id()}/approvals"))["data"]!.AsArray().Single()!;
        await client.PostJsonAsync(
            $"/v1/runs/{run.Id()}/approvals", new { tool_call_id = approval["tool_call_id"]!.GetValue<string>(), decision = "approve" }, HttpStatusCode.OK);

        var deliveries = await client.WaitForSettledAsync(run.Id(), count: 2);
        Assert.Equal(["waiting", "completed"], deliveries.Select(d => d!["run_status"]!.GetValue<string>()));
        Assert.Equal(2, receiver.Requests.Count);
        Assert.Equal("completed", receiver.Requests[1].BodyJson!["status"]!.GetValue<string>());
        Assert.NotEqual(receiver.Requests[0].Header("Idempotency-Key"), receiver.Requests[1].Header("Idempotency-Key"));
    }

    [Fact]
    public async Task A_cancelled_run_calls_its_webhook()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = api.CreateClient();
        var agent = await client.CreateAgentAsync();

        var (_, run) = await client.AskWithWebhookAsync(agent, "Take your time. [delay:30000]", new { url = receiver.Url });
        await client.PostJsonAsync($"/v1/runs/{run.Id()}/cancel", new { }, HttpStatusCode.OK);

        var delivery = Assert.Single(await client.WaitForSettledAsync(run.Id()));
        Assert.Equal("cancelled", delivery!["run_status"]!.GetValue<string>());
        Assert.Equal("cancelled", Assert.Single(receiver.Requests).BodyJson!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_run_without_a_webhook_has_no_deliveries()
    {
        var client = api.CreateClient();
        var agent = await client.CreateAgentAsync();

        var (_, run) = await client.AskWithWebhookAsync(agent, "Hello.", webhook: null);
        await client.WaitForEndAsync(run.Id());

        var page = await client.GetJsonAsync($"/v1/runs/{run.Id()}/deliveries");
        Assert.Empty(page["data"]!.AsArray());
        Assert.Equal(0, page["total"]!.GetValue<long>());
        Assert.Equal(50, page["limit"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"url":"ftp://example.com/hook"}""", "webhook.url")]
    [InlineData("""{"url":"/relative"}""", "webhook.url")]
    [InlineData("""{"url":"https://user:pw@example.com/hook"}""", "webhook.url")]
    [InlineData("""{"url":"https://example.com/hook","secret":""}""", "webhook.secret")]
    public async Task A_bad_webhook_is_refused_with_the_field_named(string webhook, string field)
    {
        var client = api.CreateClient();
        var agent = await client.CreateAgentAsync();
        var thread = await client.CreateThreadAsync(agent.Id());

        var response = await client.PostAsync("/v1/runs", Json.Body($$"""{"thread_id":"{{thread.Id()}}","webhook":{{webhook}}}"""));

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]![field]);
        Assert.Empty((await client.GetJsonAsync($"/v1/runs?thread_id={thread.Id()}"))["data"]!.AsArray());
    }

    [Fact]
    public async Task An_agent_with_a_bad_webhook_is_refused()
    {
        var client = api.CreateClient();

        var response = await client.PostAsync("/v1/agents", Json.Body(new
        {
            name = "bad webhook",
            definition = new { completion_webhook = new { url = "not a url" } },
        }));

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["definition.completion_webhook.url"]);
    }

    [Fact]
    public async Task Deliveries_of_an_unknown_run_are_not_found()
    {
        var response = await api.CreateClient().GetAsync($"/v1/runs/{Guid.NewGuid()}/deliveries");

        await Problem.AssertAsync(response, HttpStatusCode.NotFound);
    }
}
